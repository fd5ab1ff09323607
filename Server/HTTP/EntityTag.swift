import Crypto
import Foundation

/// Strong entity tags (RFC 9110 §8.8.3) and the matching of `If-None-Match` / `If-Match` values.
/// ``ConditionalRequestMiddleware`` answers conditional reads with them; `If-Match` on writes uses them too.
public enum EntityTag {
    /// The tag of a representation: a quoted SHA-256 prefix of its bytes.
    public static func of(_ data: Data) -> String {
        let digest = SHA256.hash(data: data)
        return "\"" + HexDigest.text(digest.prefix(12)) + "\""
    }

    /// Whether an `If-None-Match` / `If-Match` header value names `tag` (or is `*`).
    public static func matches(_ header: String, _ tag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            let strong = trimmed.hasPrefix("W/") ? String(trimmed.dropFirst(2)) : trimmed
            return trimmed == "*" || strong == tag
        }
    }
}
