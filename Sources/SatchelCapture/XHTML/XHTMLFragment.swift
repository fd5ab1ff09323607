/// Sanitized HTML as an XHTML fragment that an XML parser and an HTML5 schema both accept (an EPUB's
/// content documents): parsed with the HTML5 parser, then written element by element.
///
/// What changes on the way: void elements are self-closed, attributes quoted, text escaped with the five
/// XML references (no named HTML entities: other characters are written as themselves), characters XML
/// cannot hold dropped. The content models are repaired where a browser forgives them: a phrasing element
/// holding blocks (`<b><p>…</p></b>`) is unwrapped, a paragraph or heading holding blocks becomes a `div`,
/// stray list items are wrapped in `li`, a `dl` that is not `dt`s then `dd`s becomes a `div`, a
/// `figcaption` neither first nor last in its `figure` becomes a `div`, `details`/`summary` become `div`s,
/// `time`, `ruby` and `picture` are unwrapped. Only the sanitizer's elements and attributes are written
/// (no `class`, `id`, `style`, script or `rel`); links keep `http(s)` and `mailto` addresses only.
public enum XHTMLFragment {
    /// The XHTML of sanitized `html`: each `<img>` gets the source `image` returns for its `http(s)` URL,
    /// and is left out when it returns nil (the book holds no remote images).
    ///
    ///     XHTMLFragment.convert("<p>a<br>b &amp; <img src=\"https://x.example/i.png\">") { _ in "images/1.png" }
    ///     // <p>a<br/>b &amp; <img src="images/1.png" alt=""/></p>
    public static func convert(_ html: String, image: (String) -> String?) -> String {
        var bytes = Array(html.utf8)
        bytes.removeAll { $0 == 0 }
        let document = HTMLParser.parse(bytes)
        guard let body = document.first(named: "body") else { return "" }
        return withoutActuallyEscaping(image) { image in
            var writer = XHTMLWriter(document: document, image: image)
            writer.writeChildren(of: body, XHTMLWriter.Context(), depth: 0)
            return writer.output
        }
    }
}

extension XHTMLFragment {
    /// Whether `text` has the shape of a BCP 47 language tag (`en`, `pt-BR`, `zh-Hant-TW`), as `lang` needs.
    public static func isLanguageTag(_ text: String) -> Bool { XHTMLWriter.isLanguageTag(text) }
}
