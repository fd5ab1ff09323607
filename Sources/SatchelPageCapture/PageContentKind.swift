/// What a fetched address holds, decided from its declared type and its first bytes: a page to extract,
/// a file to keep as it is, or something Satchel does not save.
public enum PageContentKind: Sendable, Equatable {
    /// HTML or XHTML: extracted into a readable copy.
    case page
    /// A PDF or a raster image, saved as the article's file, with this media type.
    case file(mediaType: String)
    /// Anything else, with the type to name in the refusal.
    case unsupported(mediaType: String)

    /// Raster image types kept as they are (SVG is not: it can carry scripts).
    static let imageTypes: Set<String> = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"]

    /// Classifies a response. The bytes win over a declaration that they contradict: a "text/html" that
    /// starts like a PDF is a PDF, and an "image/png" whose bytes are not an image is refused.
    public static func classify(mediaType declared: String?, body: [UInt8]) -> PageContentKind {
        let sniffed = sniff(body)
        let type = declared?.lowercased() ?? ""
        switch type {
        case "text/html", "application/xhtml+xml":
            if let sniffed, sniffed != "text/html" { return .file(mediaType: sniffed) }
            return .page
        case "application/pdf":
            return sniffed == "application/pdf" ? .file(mediaType: type) : .unsupported(mediaType: "\(type) (but not a PDF)")
        case _ where imageTypes.contains(type):
            if let sniffed, imageTypes.contains(sniffed) { return .file(mediaType: sniffed) }
            return .unsupported(mediaType: "\(type) (but not an image)")
        case "", "application/octet-stream", "text/plain":
            // No useful declaration: go by the bytes.
            if let sniffed { return sniffed == "text/html" ? .page : .file(mediaType: sniffed) }
            return .unsupported(mediaType: type.isEmpty ? "an undeclared type" : type)
        default:
            return .unsupported(mediaType: type)
        }
    }

    /// The type the first bytes announce, or nil: PDF and image signatures, and a start that can only be HTML.
    public static func sniff(_ body: [UInt8]) -> String? {
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            body.count >= offset + signature.count && Array(body[offset..<offset + signature.count]) == signature
        }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("ftypavif".utf8), at: 4) || starts(Array("ftypavis".utf8), at: 4) { return "image/avif" }
        return looksLikeHTML(body) ? "text/html" : nil
    }

    /// Whether the start (after a byte-order mark and whitespace) is `<!doctype html`, `<html`, `<head`,
    /// `<body` or a comment.
    private static func looksLikeHTML(_ body: [UInt8]) -> Bool {
        var start = body.prefix(1024)[...]
        if start.starts(with: [0xEF, 0xBB, 0xBF]) { start = start.dropFirst(3) }
        start = start.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let head = String(decoding: start.prefix(14), as: UTF8.self).lowercased()
        return ["<!doctype html", "<html", "<head", "<body", "<!--"].contains { head.hasPrefix($0) }
    }

    /// The file extension for a kept file's media type.
    static func fileExtension(for mediaType: String) -> String {
        switch mediaType {
        case "application/pdf": "pdf"
        case "image/jpeg": "jpg"
        case "image/png": "png"
        case "image/gif": "gif"
        case "image/webp": "webp"
        case "image/avif": "avif"
        default: "bin"
        }
    }
}
