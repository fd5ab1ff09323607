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

    /// The sentence that follows a field's name when its text holds a control character XML 1.0 forbids.
    public static let controlProblem =
        "must not contain control characters (U+0001–U+001F other than tab, line feed and carriage return, or U+FFFE, U+FFFF)"

    /// Whether `text` holds a character XML 1.0 forbids besides NUL: U+0001–U+0008, U+000B, U+000C,
    /// U+000E–U+001F, U+FFFE or U+FFFF. Such text would break every Atom feed it reached.
    public static func containsForbiddenControl(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isForbiddenInXML)
    }

    /// Whether `scalar` may not appear in an XML 1.0 document (NUL included).
    public static func isForbiddenInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    /// `text` without the characters XML 1.0 forbids: the last guard of what a feed writes.
    public static func removingForbiddenInXML(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbiddenInXML) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter { !isForbiddenInXML($0) })
        return String(scalars)
    }

    /// The length that the API's limits count: Unicode code points, as JSON Schema's `minLength` and
    /// `maxLength` do (not grapheme clusters: "e" + U+0301 is two, "\r\n" is two).
    public static func length(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.count
    }
}
