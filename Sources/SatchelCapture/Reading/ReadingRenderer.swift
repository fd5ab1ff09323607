/// Renders sanitized article HTML as plain text for reading in a terminal pager.
///
/// Headings get `#` marks, paragraphs are wrapped at word boundaries by display columns, lists get
/// `•` or numbers, quotes `│ `, `<pre>` stays verbatim indented by four spaces, links get footnote
/// numbers listed at the end, images become `[Image: caption]`. Nothing from the page that could
/// drive the terminal (control characters, escape sequences, bidirectional overrides) gets through.
///
///     ReadingRenderer.terminalText(html: #"<p>See <a href="https://example.com/a">this</a>.</p>"#)
///     // See this[1].
///     //
///     // Links
///     // ─────
///     // [1] https://example.com/a
public enum ReadingRenderer {
    /// The article as terminal text `width` columns wide, with its title and byline on top; ends with one newline.
    public static func terminalText(html: String, width: Int = 80, title: String? = nil, byline: String? = nil) -> String {
        let document = HTMLParser.parse(TerminalSafety.strippingSource(html))
        var writer = TerminalWriter(document: document, width: min(max(width, 8), 10_000))
        writer.header(title: title, byline: byline)
        if let body = document.first(named: "body") { writer.write(roots: document.children(of: body)) }
        writer.linksSection()
        var lines = writer.layout.lines[...]
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        return TerminalSafety.finalPass(lines.joined(separator: "\n")) + "\n"
    }
}
