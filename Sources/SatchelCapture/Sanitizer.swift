import Foundation

/// The one gate for HTML from strangers: writes the kept nodes as HTML made only of allowlisted
/// elements and attributes, with absolute, safe URLs.
///
/// Dropped with everything inside: `script`, `style`, `iframe`, `object`, `embed`, form controls,
/// `meta`, `base`, `link`, SVG, MathML, `template`… Unwrapped (children kept): every other element not
/// on the list (`span`, `font`, `form`, custom elements). Never written: `class`, `id`, `style`, event
/// handlers, `javascript:` and `data:` URLs (a `data:` image only after ``DataImage`` checked it).
/// Links get `rel="noopener noreferrer nofollow"`.
public enum HTMLSanitizer {
    /// Elements written as they are (with allowed attributes only).
    static let allowedElements: Set<String> = [
        "a", "abbr", "article", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt",
        "ruby", "s", "samp", "section", "small", "source", "strong", "sub", "summary", "sup", "table", "tbody",
        "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    ]
    /// Elements dropped with their content.
    static let droppedElements: Set<String> = [
        "script", "style", "iframe", "object", "embed", "applet", "form-control", "input", "button", "select",
        "textarea", "option", "optgroup", "datalist", "meta", "base", "link", "svg", "math", "template", "frame",
        "frameset", "noframes", "canvas", "audio", "video", "track", "param", "map", "area", "head", "title",
        "dialog", "portal", "xmp", "plaintext", "noembed", "keygen", "menu", "slot",
    ]
    private static let voidElements: Set<String> = ["br", "hr", "img", "source", "col", "wbr"]

    /// Sanitizes an HTML fragment: parses it as the body of a page and writes what the allowlist keeps.
    ///
    ///     HTMLSanitizer.sanitize(#"<a href="javascript:alert(1)" onclick="x()">hi</a>"#, baseURL: nil)
    ///     // <a rel="noopener noreferrer nofollow">hi</a>
    public static func sanitize(_ html: String, baseURL: URL?) -> String {
        var bytes = Array(html.utf8)
        bytes.removeAll { $0 == 0 }
        let document = HTMLParser.parse(bytes)
        guard let body = document.first(named: "body") else { return "" }
        return render(document, roots: document.children(of: body), resolver: URLResolver(base: baseURL)).html
    }

    /// Writes the subtrees of `roots` (minus removed nodes) as sanitized HTML, and lists their images.
    /// With `imageSource`, an `<img>` whose `http(s)` URL it maps gets the returned value as its `src`,
    /// and loses its `srcset` and the `<source>`s of its `<picture>` (see ``rewritingImageSources(html:baseURL:_:)``).
    /// With `wrappedInDiv`, non-empty output is inside one `<div>` (the article's body), written in place.
    static func render(
        _ document: Document, roots: [Int], resolver: URLResolver, imageLimit: Int = 1000,
        imageSource: ((String) -> String?)? = nil, wrappedInDiv: Bool = false
    ) -> (html: String, images: [ArticleImage]) {
        var html = ByteWriter()
        // Room for the output up front: growing by doubling would hold the old and the new buffer at once
        // (room never written costs no memory).
        html.bytes.reserveCapacity(2 * document.textByteCount + 64 * document.count + 64)
        if wrappedInDiv { html.write("<div>") }
        var images: [ArticleImage] = []
        var stack: [(end: Int, close: String?)] = []
        var pictureDepth = 0
        var sources = ImageSourceMap(imageSource)
        // For each open `<picture>`: whether its image is rewritten (its `<source>`s are then left out).
        var rewrittenPictures: [Bool] = []
        // Just after a `<pre>` start tag: an HTML parser drops a newline there, so a text that starts with one
        // gets a second (the serialization rule of HTML), or sanitizing the output again would change it.
        var atPreStart = false
        for root in roots {
            var index = root
            let end = document.ends[root]
            while index < end {
                while let top = stack.last, top.end <= index {
                    if let close = top.close {
                        atPreStart = false
                        html.write("</\(close)>")
                        if close == "picture" {
                            pictureDepth -= 1
                            rewrittenPictures.removeLast()
                        }
                    }
                    stack.removeLast()
                }
                if document.removed[index] {
                    index = document.ends[index]
                    continue
                }
                if document.isText(index) {
                    let inPre = stack.contains { $0.close == "pre" }
                    let preStart = atPreStart
                    atPreStart = false
                    document.withText(index) { text in
                        if preStart, text.first == 0x0A { html.write("\n") }
                        html.writeEscaped(text, collapse: !inPre)
                    }
                    index += 1
                    continue
                }
                let name = document.names[index]
                if !document.isHTML[index] || droppedElements.contains(name) || skipNoscriptCopy(document, index) {
                    index = document.ends[index]
                    continue
                }
                guard allowedElements.contains(name) else {
                    stack.append((document.ends[index], nil))  // unwrapped: children only
                    index += 1
                    continue
                }
                if name == "source", pictureDepth == 0 || rewrittenPictures.last == true {
                    index = document.ends[index]
                    continue
                }
                var attributes: [(String, String)] = []
                if name == "img" {
                    guard let image = image(document, index, resolver: resolver) else {
                        index = document.ends[index]
                        continue
                    }
                    if let local = sources.replacement(for: image.url) {
                        attributes = localImageAttributes(image, source: local)
                    } else {
                        attributes = imageAttributes(image, document, index, resolver: resolver)
                    }
                    if images.count < imageLimit { images.append(image) }
                } else {
                    attributes = allowedAttributes(document, index, name: name, resolver: resolver)
                }
                html.write("<" + name)
                for (attribute, value) in attributes {
                    html.write(" \(attribute)=\"")
                    html.writeEscaped(value, attribute: true)
                    html.write("\"")
                }
                html.write(">")
                atPreStart = name == "pre"
                if voidElements.contains(name) {
                    index = document.ends[index]
                    continue
                }
                if name == "picture" {
                    pictureDepth += 1
                    let rewritten = sources.isActive ? pictureImageIsRewritten(document, index, resolver: resolver, &sources) : false
                    rewrittenPictures.append(rewritten)
                }
                stack.append((document.ends[index], name))
                index += 1
            }
            while let top = stack.popLast() {
                if let close = top.close {
                    html.write("</\(close)>")
                    if close == "picture" {
                        pictureDepth -= 1
                        rewrittenPictures.removeLast()
                    }
                }
            }
        }
        if wrappedInDiv {
            guard html.bytes.count > 5 else { return ("", images) }
            html.write("</div>")
        }
        return (html.string, images)
    }

    /// A `<noscript>` repeating the image just before it (the lazy-loading pattern) is skipped.
    private static func skipNoscriptCopy(_ document: Document, _ node: Int) -> Bool {
        guard document.names[node] == "noscript" else { return false }
        let parent = document.parents[node]
        guard parent >= 0, let position = document.children(of: parent).firstIndex(of: node) else { return false }
        for sibling in document.children(of: parent)[..<position].reversed() where !document.isText(sibling) {
            guard !document.removed[sibling] else { return false }
            let img = document.names[sibling] == "img" ? sibling : document.first(named: "img", in: sibling)
            guard let img, let source = Images.source(of: img, in: document) else { return false }
            return !Images.isPlaceholder(source)
        }
        return false
    }

    /// Whether the image a `<picture>` shows (its first kept `<img>`) gets a new source.
    private static func pictureImageIsRewritten(_ document: Document, _ picture: Int, resolver: URLResolver, _ sources: inout ImageSourceMap) -> Bool {
        var found: Int?
        document.walk(picture) { node in
            guard found == nil, document.isHTML[node], !droppedElements.contains(document.names[node]) else { return false }
            if document.names[node] == "img" { found = node }
            return found == nil
        }
        guard let node = found, let image = image(document, node, resolver: resolver) else { return false }
        return sources.replacement(for: image.url) != nil
    }

    /// The attributes of an image whose source was replaced: no `srcset`, which would load the original.
    private static func localImageAttributes(_ image: ArticleImage, source: String) -> [(String, String)] {
        var attributes: [(String, String)] = [("src", source)]
        if let alt = image.alt { attributes.append(("alt", alt)) }
        if let width = image.width { attributes.append(("width", String(width))) }
        if let height = image.height { attributes.append(("height", String(height))) }
        return attributes
    }

    private static func image(_ document: Document, _ node: Int, resolver: URLResolver) -> ArticleImage? {
        guard !Images.isTrackingPixel(node, in: document),
              let raw = Images.source(of: node, in: document), !Images.isPlaceholder(raw),
              let url = resolver.image(raw) else { return nil }
        let alt = document.attribute("alt", of: node).map(Whitespace.collapse).flatMap { $0.isEmpty ? nil : String($0.prefix(1000)) }
        var caption: String?
        for ancestor in document.ancestors(of: node, limit: 6) where document.names[ancestor] == "figure" {
            if let figcaption = document.first(named: "figcaption", in: ancestor) {
                let text = document.textContent(figcaption)
                if !text.isEmpty { caption = String(text.prefix(2000)) }
            }
            break
        }
        return ArticleImage(
            url: url, alt: alt, caption: caption,
            width: Images.dimension(document.attribute("width", of: node)),
            height: Images.dimension(document.attribute("height", of: node)))
    }

    private static func imageAttributes(_ image: ArticleImage, _ document: Document, _ node: Int, resolver: URLResolver) -> [(String, String)] {
        var attributes: [(String, String)] = [("src", image.url)]
        if let srcset = document.attribute("srcset", of: node) ?? document.attribute("data-srcset", of: node),
           let safe = safeSrcset(srcset, resolver: resolver) { attributes.append(("srcset", safe)) }
        if let alt = image.alt { attributes.append(("alt", alt)) }
        if let width = image.width { attributes.append(("width", String(width))) }
        if let height = image.height { attributes.append(("height", String(height))) }
        return attributes
    }

    /// A `srcset` whose every URL is resolved and `http(s)`; nil when none is.
    private static func safeSrcset(_ srcset: String, resolver: URLResolver) -> String? {
        var kept: [String] = []
        for entry in srcset.split(separator: ",").prefix(32) {
            let parts = entry.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
            guard let first = parts.first, !first.lowercased().hasPrefix("data:"),
                  let resolved = resolver.image(String(first)) else { continue }
            // A comma inside a URL would split the candidate when the srcset is read again.
            let url = resolved.contains(",") ? resolved.replacingOccurrences(of: ",", with: "%2C") : resolved
            let descriptor = parts.count > 1 ? parts[parts.count - 1] : ""
            let safeDescriptor = descriptor.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "w" || $0 == "x") }
            kept.append(safeDescriptor && !descriptor.isEmpty ? "\(url) \(descriptor)" : url)
        }
        return kept.isEmpty ? nil : kept.joined(separator: ", ")
    }

    private static func allowedAttributes(_ document: Document, _ node: Int, name: String, resolver: URLResolver) -> [(String, String)] {
        var result: [(String, String)] = []
        for attribute in document.attributes[node] {
            let value = attribute.value
            switch (name, attribute.name) {
            case ("a", "href"):
                if let link = resolver.link(value) { result.append(("href", link)) }
            case ("blockquote", "cite"), ("q", "cite"), ("del", "cite"), ("ins", "cite"):
                if let link = resolver.link(value), !link.hasPrefix("mailto:") { result.append(("cite", link)) }
            case ("source", "srcset"):
                if let safe = safeSrcset(value, resolver: resolver) { result.append(("srcset", safe)) }
            case ("source", "media"), ("source", "sizes"):
                if value.utf8.count < 512, !value.lowercased().contains("url(") { result.append((attribute.name, value)) }
            case ("source", "type"):
                if value.lowercased().hasPrefix("image/") { result.append(("type", value)) }
            case ("td", "colspan"), ("th", "colspan"), ("td", "rowspan"), ("th", "rowspan"), ("col", "span"),
                 ("colgroup", "span"), ("ol", "start"), ("li", "value"):
                if let number = Images.dimension(value), number < 10_000 { result.append((attribute.name, String(number))) }
            case ("th", "scope"):
                if ["row", "col", "rowgroup", "colgroup"].contains(value.lowercased()) { result.append(("scope", value.lowercased())) }
            case ("ol", "type"):
                if ["1", "a", "A", "i", "I"].contains(value) { result.append(("type", value)) }
            case ("ol", "reversed"):
                result.append(("reversed", ""))
            case ("time", "datetime"):
                if value.utf8.count < 64 { result.append(("datetime", value)) }
            case (_, "lang"):
                if value.utf8.count < 36, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) { result.append(("lang", value)) }
            case (_, "dir"):
                if ["ltr", "rtl", "auto"].contains(value.lowercased()) { result.append(("dir", value.lowercased())) }
            case (_, "title"):
                if value.utf8.count < 1000 { result.append(("title", value)) }
            default:
                continue
            }
        }
        if name == "a" { result.append(("rel", "noopener noreferrer nofollow")) }
        return result
    }

}
