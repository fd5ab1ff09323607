import Foundation

/// A blob's name: `sha256:` and the 64 lower-case hex digits of the SHA-256 of its bytes. A digest names one
/// content forever; anything else (upper case, another length, another algorithm, a path) is not a digest.
public struct BlobDigest: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The text form, e.g. `sha256:e3b0c442…`.
    public let text: String

    /// The prefix every digest starts with.
    public static let prefix = "sha256:"

    /// Reads a digest; `nil` for anything that is not exactly `sha256:` and 64 lower-case hex digits.
    public init?(_ text: String) {
        let utf8 = text.utf8
        guard utf8.count == 71, text.hasPrefix(Self.prefix) else { return nil }
        let hex = utf8.dropFirst(7)
        guard hex.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        self.text = text
    }

    /// The digest of 32 SHA-256 bytes.
    public init(sha256 bytes: some Sequence<UInt8>) {
        let digits = Array("0123456789abcdef".utf8)
        var text = Self.prefix
        text.reserveCapacity(71)
        for byte in bytes {
            text.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
            text.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 0x0F)]))
        }
        self.text = text
    }

    /// The 64 hex digits without the prefix (file names, storage keys).
    public var hex: Substring { text.dropFirst(7) }

    /// The text form.
    public var description: String { text }

    /// Orders by text.
    public static func < (lhs: BlobDigest, rhs: BlobDigest) -> Bool { lhs.text < rhs.text }

    /// Decodes the text form, refusing anything that is not a digest.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let digest = BlobDigest(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "expected sha256: and 64 lower-case hex digits"))
        }
        self = digest
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
