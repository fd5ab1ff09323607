import Foundation

/// The image types every EPUB 3 reader shows (the core media types), told by a file's first bytes rather
/// than by what a web server claimed: PNG, JPEG and GIF. SVG is a core type too, but an SVG from a web page
/// may hold scripts, so none is embedded; WebP and the rest are not core types and are left out.
enum EPUBImageType: String, Sendable {
    case png = "image/png"
    case jpeg = "image/jpeg"
    case gif = "image/gif"

    /// The file name extension.
    var fileExtension: String {
        switch self {
        case .png: "png"
        case .jpeg: "jpg"
        case .gif: "gif"
        }
    }

    /// The type of the bytes `head` starts with, or nil.
    static func sniff(_ head: [UInt8]) -> EPUBImageType? {
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) { return .gif }
        return nil
    }

    /// The type of the file at `path` from its first bytes; nil when it cannot be read or is none of these.
    static func sniff(path: String) -> EPUBImageType? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 16) else { return nil }
        return sniff(Array(head))
    }
}
