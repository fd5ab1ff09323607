import Crypto
import Foundation
import SatchelShared

/// A file a capture produced (the readable copy, a PDF, an image) with the attachment that names it.
public struct CapturedFile: Sendable, Equatable {
    /// The attachment: digest, size, media type and name.
    public var attachment: Attachment
    /// The bytes.
    public var bytes: Data

    /// Names the bytes by their digest.
    public init(bytes: Data, mediaType: String, name: String) {
        self.bytes = bytes
        self.attachment = Attachment(
            digest: BlobDigest(sha256: SHA256.hash(data: bytes)), size: Int64(bytes.count), mediaType: mediaType,
            name: name)
    }

    /// A safe file name from the last part of a URL's path, with the type's extension; `fallback` when none.
    static func fileName(from url: String, mediaType: String, fallback: String) -> String {
        let last = URL(string: url)?.lastPathComponent ?? ""
        var name = String(last.unicodeScalars.filter { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
        }.map(Character.init).prefix(100))
        while name.hasPrefix(".") { name.removeFirst() }
        let wanted = PageContentKind.fileExtension(for: mediaType)
        if name.isEmpty || name == "/" { name = fallback }
        if !name.lowercased().hasSuffix("." + wanted) && !(wanted == "jpg" && name.lowercased().hasSuffix(".jpeg")) {
            name += "." + wanted
        }
        return name
    }
}
