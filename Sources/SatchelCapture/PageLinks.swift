import Foundation

/// A `<link>` of a page's markup, its address made absolute against the page's base.
public struct PageLink: Sendable, Equatable {
    /// The link types of `rel`, lowercased (`alternate`, `feed`, …).
    public var rel: [String]
    /// The `type` attribute, lowercased and without parameters (`application/atom+xml`), or nil.
    public var type: String?
    /// The absolute http(s) address.
    public var href: String
    /// The `title` attribute, whitespace collapsed, or nil.
    public var title: String?

    public init(rel: [String], type: String?, href: String, title: String?) {
        (self.rel, self.type, self.href, self.title) = (rel, type, href, title)
    }
}

/// What feed discovery and feed titles need from Satchel's HTML parser: a page's `<link>` elements, the
/// plain text of an HTML fragment, and the HTML Standard's named character references.
public enum PageLinks {
    /// The `<link>` and `<a>` elements with `rel` and an http(s) `href` of a page (`bytes` as fetched, decoded
    /// as a browser would with `contentType`), in document order, addresses resolved against `<base href>`
    /// and then `pageURL`.
    public static func links(inPage bytes: [UInt8], contentType: String?, pageURL: URL?) -> [PageLink] {
        let document = HTMLParser.parse(CharacterEncoding.utf8(bytes, contentType: contentType))
        let resolver = URLResolver(pageURL: pageURL, document: document)
        var found: [PageLink] = []
        for node in 0..<document.count where document.names[node] == "link" || document.names[node] == "a" {
            guard document.isHTML[node], let rel = document.attribute("rel", of: node),
                  let raw = document.attribute("href", of: node), !raw.isEmpty,
                  let href = resolver.link(URLResolver.clean(raw)), href.lowercased().hasPrefix("http")
            else { continue }
            let rels = rel.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" })
                .map(String.init)
            var type = document.attribute("type", of: node)?.lowercased()
            if let semicolon = type?.firstIndex(of: ";") { type = String(type![..<semicolon]) }
            type = type?.trimmingSpaces
            let title = document.attribute("title", of: node).map { Whitespace.collapse($0) }
            found.append(PageLink(rel: rels, type: type?.isEmpty == true ? nil : type, href: href,
                                  title: title?.isEmpty == true ? nil : title))
        }
        return found
    }

    /// The text of an HTML fragment (a feed's title, a summary) on one line: parsed as a browser parses it,
    /// tags dropped (and scripts, styles and the like with their content), character references resolved,
    /// whitespace collapsed and trimmed.
    public static func plainText(ofHTML html: String) -> String {
        var bytes = Array(html.utf8)
        if bytes.contains(0) { bytes.removeAll { $0 == 0 } }
        // Text without markup or references is its own text: no parse.
        if !bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            return Whitespace.collapse(html)
        }
        let document = HTMLParser.parse(bytes)
        var output: [UInt8] = []
        var index = 0
        while index < document.count {
            if document.isText(index) {
                document.withText(index) { output.append(contentsOf: $0) }
                index += 1
                continue
            }
            let name = document.names[index]
            if index > 0 && (!document.isHTML[index] || HTMLSanitizer.droppedElements.contains(name)) {
                index = document.ends[index]
                continue
            }
            if name == "br" || name == "p" || name == "div" || name == "li" { output.append(0x20) }
            index += 1
        }
        let text = output.withUnsafeBufferPointer { Whitespace.collapse($0) }
        // A title that only looked like markup ("<script> tags explained" lost to a script element) keeps its words.
        return text.isEmpty ? Whitespace.collapse(html) : text
    }

    /// The code points of the named character reference `name` (without `&`, with the `;`), as the HTML
    /// Standard defines them, or nil for a name it does not define.
    public static func namedCharacter(_ name: [UInt8]) -> [Unicode.Scalar]? {
        guard let pair = CharacterReferences.named[name] else { return nil }
        let (first, second) = pair
        var scalars: [Unicode.Scalar] = []
        if let scalar = Unicode.Scalar(first) { scalars.append(scalar) }
        if second != 0, let scalar = Unicode.Scalar(second) { scalars.append(scalar) }
        return scalars
    }
}
