/// Tells an image's type from its first bytes. The declared media type and the file name are never
/// trusted: a `.png` that is a ZIP is a ZIP.
public enum ImageSniffer {
    /// What the bytes are.
    public enum Verdict: Sendable, Equatable {
        /// An accepted image type.
        case image(ImageFormat)
        /// Something else, named for the uploader ("an SVG image", "a ZIP archive", "not an image").
        case other(String)
    }

    /// Sniffs `bytes`.
    public static func sniff(_ bytes: some RandomAccessCollection<UInt8>) -> Verdict {
        let head = Array(bytes.prefix(4_096))
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<offset + prefix.count]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .image(.jpeg) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .image(.png) }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .image(.gif) }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .image(.webp) }
        if starts(Array("ftyp".utf8), at: 4) {
            let brands = isoBrands(head)
            if brands.contains("avif") || brands.contains("avis") { return .image(.avif) }
            if brands.contains(where: { ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"].contains($0) }) {
                return .other("a HEIC image")
            }
            return .other("an ISO media file (video or audio)")
        }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) { return .other("a ZIP archive") }
        if starts(Array("%PDF-".utf8)) { return .other("a PDF document") }
        if starts([0x00, 0x00, 0x01, 0x00]) { return .other("an ICO icon") }
        if starts(Array("BM".utf8)) { return .other("a BMP image") }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .other("a TIFF image") }
        if isSVG(head) { return .other("an SVG image") }
        if firstVisible(head) == UInt8(ascii: "<") { return .other("HTML or XML text") }
        return .other("not an image")
    }

    /// The major and compatible brands of an ISO media file's `ftyp` box.
    static func isoBrands(_ head: [UInt8]) -> [String] {
        guard head.count >= 16 else { return [] }
        let size = Int(head[0]) << 24 | Int(head[1]) << 16 | Int(head[2]) << 8 | Int(head[3])
        let end = min(max(size, 16), head.count)
        var brands = [String(decoding: head[8..<12], as: UTF8.self)]
        var offset = 16
        while offset + 4 <= end {
            brands.append(String(decoding: head[offset..<offset + 4], as: UTF8.self))
            offset += 4
        }
        return brands
    }

    /// Whether the text (after a BOM, white space, an XML declaration, comments or a doctype) has an
    /// `<svg` element near its start.
    static func isSVG(_ head: [UInt8]) -> Bool {
        guard let first = firstVisible(head), first == UInt8(ascii: "<") else { return false }
        let text = String(decoding: head, as: UTF8.self).lowercased()
        return text.contains("<svg")
    }

    private static func firstVisible(_ head: [UInt8]) -> UInt8? {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return bytes.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
    }
}
