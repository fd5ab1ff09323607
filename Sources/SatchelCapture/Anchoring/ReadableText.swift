/// The plain text highlights are anchored on: a readable copy's HTML as paragraphs of text (blank lines
/// between blocks, whitespace collapsed, captions left out), the same on every machine.
public enum ReadableText {
    /// The plain text of sanitized article HTML.
    public static func plain(fromHTML html: String) -> String {
        let document = HTMLParser.parse(Array(html.utf8).filter { $0 != 0 })
        guard let body = document.first(named: "body") else { return "" }
        return TextRenderer.text(document, roots: document.children(of: body))
    }
}
