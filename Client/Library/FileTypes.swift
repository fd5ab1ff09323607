import Foundation
import SatchelShared

/// Media types and names of files saved from this machine.
enum FileTypes {
    /// The media type a file name's extension stands for; `application/octet-stream` when unknown.
    static func mediaType(forName name: String) -> String {
        let suffix = (name as NSString).pathExtension.lowercased()
        return byExtension[suffix] ?? "application/octet-stream"
    }

    /// A name an attachment may carry: control characters and path separators replaced, at most 255 characters.
    static func safeName(_ name: String) -> String {
        var cleaned = String(String.UnicodeScalarView(name.unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7F || $0 == "/" || $0 == "\\" ? "_" : $0
        }))
        if cleaned.count > AttachmentRules.maxNameLength { cleaned = String(cleaned.suffix(AttachmentRules.maxNameLength)) }
        return AttachmentRules.isFileName(cleaned) ? cleaned : "file"
    }

    private static let byExtension: [String: String] = [
        "pdf": "application/pdf", "epub": "application/epub+zip", "html": "text/html", "htm": "text/html",
        "txt": "text/plain", "md": "text/markdown", "json": "application/json", "png": "image/png",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "avif": "image/avif",
        "svg": "image/svg+xml", "mp3": "audio/mpeg", "mp4": "video/mp4", "zip": "application/zip",
        "csv": "text/csv", "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
}
