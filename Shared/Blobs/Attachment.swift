import Foundation

/// A file a record holds: its content's digest, size, media type and the name it is shown and saved under.
/// In a record it is the JSON object `{"digest": …, "mediaType": …, "name": …, "size": …}`.
public struct Attachment: Codable, Sendable, Hashable {
    /// The content's digest.
    public var digest: BlobDigest
    /// Bytes.
    public var size: Int64
    /// The media type, e.g. `application/pdf`.
    public var mediaType: String
    /// The file name shown and used when the file is written out, e.g. `paper.pdf`.
    public var name: String

    /// Creates an attachment.
    public init(digest: BlobDigest, size: Int64, mediaType: String, name: String) {
        self.digest = digest
        self.size = size
        self.mediaType = mediaType
        self.name = name
    }

    /// The record field's JSON object.
    public var json: JSONValue {
        .object([
            "digest": .string(digest.text), "size": .number(Double(size)), "mediaType": .string(mediaType),
            "name": .string(name),
        ])
    }

    /// Reads a record field's JSON object; `nil` when it is not a valid attachment.
    public init?(json: JSONValue) {
        guard case .object(let members) = json, AttachmentRules.problem(json) == nil,
              let digest = members["digest"]?.stringValue.flatMap(BlobDigest.init),
              let size = members["size"]?.numberValue, let mediaType = members["mediaType"]?.stringValue,
              let name = members["name"]?.stringValue
        else { return nil }
        self.init(digest: digest, size: Int64(size), mediaType: mediaType, name: name)
    }

    /// The attachments of a record field's array value, skipping anything that is not one.
    public static func list(_ value: JSONValue?) -> [Attachment] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap(Attachment.init(json:))
    }
}

/// What a valid attachment object is, checked on both sides of the wire.
public enum AttachmentRules {
    /// Largest size a record may declare (the server's own per-blob limit is usually lower).
    public static let maxSize: Int64 = 1 << 50
    /// Longest media type and file name, in characters.
    public static let maxMediaTypeLength = 255
    /// Longest file name, in characters.
    public static let maxNameLength = 255

    /// Why `value` is not an attachment object, or `nil` when it is one.
    public static func problem(_ value: JSONValue) -> String? {
        guard case .object(let members) = value else { return "must be an object {digest, size, mediaType, name}" }
        if let extra = members.keys.sorted().first(where: { !["digest", "size", "mediaType", "name"].contains($0) }) {
            return "has an unknown member '\(extra)'"
        }
        guard let digest = members["digest"]?.stringValue, BlobDigest(digest) != nil else {
            return "needs a digest: sha256: and 64 lower-case hex digits"
        }
        guard let size = members["size"]?.numberValue, size >= 0, size == size.rounded(), size <= Double(maxSize) else {
            return "needs a size: a whole number of bytes"
        }
        guard let mediaType = members["mediaType"]?.stringValue, isMediaType(mediaType) else {
            return "needs a mediaType such as application/pdf"
        }
        guard let name = members["name"]?.stringValue, isFileName(name) else {
            return "needs a name: 1 to \(maxNameLength) characters, no slashes or control characters"
        }
        return nil
    }

    /// `type/subtype`, lower-case tokens (parameters are not kept).
    public static func isMediaType(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let token = { (part: Substring) in
            !part.isEmpty && part.utf8.allSatisfy { byte in
                (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || Array("!#$&-^_.+".utf8).contains(byte)
            }
        }
        return text.utf8.count <= maxMediaTypeLength && parts.count == 2 && token(parts[0]) && token(parts[1])
    }

    /// A file name that is safe to show and to write in any folder: no path, no control characters.
    public static func isFileName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= maxNameLength && text != "." && text != ".."
            && !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "/" || $0 == "\\" }
    }
}
