import Foundation

/// Rules every stored text obeys, on every path (REST, web form, sync) and in every store.
///
/// A NUL character (U+0000) is refused wherever text is accepted: SQLite's C string binding would cut
/// the text at it and PostgreSQL's `text` cannot hold it, so storing it whole everywhere is not possible,
/// and silently cutting it would lose data. The REST API answers 422 naming the field; a sync mutation
/// carrying one is rejected with a reason naming the field.
public enum TextRules {
    /// The sentence that follows a field's name when its text holds a NUL character.
    public static let nulProblem = "must not contain a NUL character (U+0000)"

    /// Whether `text` holds a NUL character.
    public static func containsNUL(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(base, 0, bytes.count) != nil
        }
    }

    /// The length that the API's limits count: Unicode code points, as JSON Schema's `minLength` and
    /// `maxLength` do (not grapheme clusters: "e" + U+0301 is two, "\r\n" is two).
    public static func length(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.count
    }
}
