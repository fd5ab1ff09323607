/// Text and attribute values escaped for XML 1.0 (XHTML, an EPUB's package files, SVG): the five markup
/// characters as references and everything XML cannot hold dropped, so any string a stranger wrote
/// becomes well-formed character data.
public enum XMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped (`>` too, so `]]>` never appears) and without control
    /// characters (tab and line breaks kept), C1 controls, and noncharacters.
    ///
    ///     XMLText.escaped("a < b & \"c\" ]]>")  // a &lt; b &amp; &quot;c&quot; ]]&gt;
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        append(text, to: &result)
        return result
    }

    /// Appends `text`, escaped as ``escaped(_:)`` does, to `output`.
    public static func append(_ text: some StringProtocol, to output: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: if isAllowed(scalar) { output.unicodeScalars.append(scalar) }
            }
        }
    }

    /// `text` without what ``escaped(_:)`` drops, unescaped: for checks and plain values.
    public static func plain(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter(isAllowed)))
    }

    /// Whether XML may hold `scalar` (and a reader should see it): not a control character other than tab,
    /// line feed and carriage return, not a C1 control, not a noncharacter.
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value == 0x09 || value == 0x0A || value == 0x0D }
        if (0x7F...0x9F).contains(value) || (0xFDD0...0xFDEF).contains(value) { return false }
        return value & 0xFFFE != 0xFFFE
    }
}
