import CCmarkGFM
import Foundation
import SatchelShared

/// A media item a post body embeds: `![alt](media:ID "caption")`.
public struct MediaReference: Sendable, Hashable {
    /// The item's id.
    public var id: UUID
    /// The alternative text written in the body (the item's own alt text wins when it has one).
    public var alt: String

    /// Creates a reference.
    public init(id: UUID, alt: String) {
        self.id = id
        self.alt = alt
    }
}

/// What a body renders to.
public struct RenderedPost: Sendable, Equatable {
    /// The featured figure: the explicit featured item, else the body's first block when it is a figure
    /// (then left out of `html`).
    public var featured: PostFigure?
    /// The body's HTML.
    public var html: String
    /// The first image's absolute address, for `og:image`: the featured one's, else the body's first.
    public var imageURL: String?
}

/// Post bodies: CommonMark with GitHub's tables, strikethrough and autolinks, through cmark-gfm.
///
/// - Raw HTML is never rendered: it is shown as the text it is (so a body written before Markdown, with a
///   literal `<b>` in it, reads as it did).
/// - `![alt](media:ID "caption")` alone in a paragraph is a figure: a `<picture>` of the item's variants with
///   `srcset`, `sizes`, `width` and `height`, lazily loaded unless featured, and its caption (the body's title,
///   else the item's) and credit. Inside a paragraph it is the picture alone. An item that does not exist is
///   left out.
/// - `![caption](/static/name)`, the server's own files, as posts have shown them from the start.
/// - Any other image is not loaded (a post never makes its readers' browsers call other sites): its
///   alternative text links to it.
/// - Link addresses go through cmark-gfm's safe mode (`javascript:` and the like dropped).
public enum PostMarkdown {
    /// How to render.
    public struct Options: Sendable {
        /// The items the body may embed, by id (fetched by the caller from the ids of ``mediaReferences(in:)``).
        public var media: [UUID: Media]
        /// Prefixed to image addresses: empty on pages, the site's origin in feeds (absolute URLs).
        public var origin: String
        /// The item shown as the featured image instead of the body's first figure.
        public var featuredMediaId: UUID?
        /// Images on this machine by the address the body gives them (`attachment:sha256:…` in a draft), and
        /// where the preview finds them (a `file://` URL): shown as plain figures.
        public var localImages: [String: String]

        /// Creates options.
        public init(
            media: [UUID: Media] = [:], origin: String = "", featuredMediaId: UUID? = nil, localImages: [String: String] = [:]
        ) {
            self.media = media
            self.origin = origin
            self.featuredMediaId = featuredMediaId
            self.localImages = localImages
        }
    }

    /// The media items `body` embeds, in order of appearance, each once.
    public static func mediaReferences(in body: String) -> [MediaReference] {
        Document(body).withRoot { root in
            var seen: Set<UUID> = []
            return images(under: root).compactMap { image -> MediaReference? in
                guard let id = PostFigures.mediaId(string(cmark_node_get_url(image))), seen.insert(id).inserted else { return nil }
                return MediaReference(id: id, alt: altText(image))
            }
        }
    }

    /// `body` as HTML.
    public static func render(_ body: String, options: Options = Options()) -> RenderedPost {
        let document = Document(body)
        return document.withRoot { root in
            for node in rawHTML(under: root) { replaceRawHTML(node) }
            var featured: PostFigure?
            if let id = options.featuredMediaId, let media = options.media[id] {
                featured = PostFigures.media(
                    media, alt: media.alt, caption: media.caption, origin: options.origin, eager: true, featured: true)
            } else if let first = cmark_node_first_child(root), let image = soleImage(of: first) {
                featured = figure(for: image, options: options, featured: true)
                if featured != nil {
                    cmark_node_unlink(first)
                    cmark_node_free(first)
                }
            }
            var firstImage: String?
            for image in images(under: root) {
                let paragraph = cmark_node_parent(image)
                let alone = paragraph.map { soleImage(of: $0) == image } ?? false
                if alone, let paragraph {
                    let replacement = figure(for: image, options: options, featured: false)
                    firstImage = firstImage ?? replacement?.imageURL
                    replace(paragraph, withCustom: CMARK_NODE_CUSTOM_BLOCK, html: replacement.map { $0.html + "\n" } ?? "")
                } else {
                    let replacement = inlineImage(image, options: options)
                    firstImage = firstImage ?? replacement.imageURL
                    replace(image, withCustom: CMARK_NODE_CUSTOM_INLINE, html: replacement.html)
                }
            }
            let html = document.renderHTML()
            return RenderedPost(featured: featured, html: html, imageURL: featured?.imageURL ?? firstImage)
        }
    }

    /// `text` through cmark-gfm alone: plain CommonMark, raw HTML kept, no extension (the spec's own
    /// rendering, which the tests hold the library to).
    static func commonMark(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                guard let html = cmark_markdown_to_html(chars.baseAddress, chars.count, CMARK_OPT_UNSAFE) else { return "" }
                defer { free(html) }
                return String(cString: html)
            }
        }
    }

    // MARK: The tree

    /// A parsed body; frees its tree and parser when it goes.
    final class Document {
        let parser: OpaquePointer
        let root: OpaquePointer

        init(_ text: String) {
            cmark_gfm_core_extensions_ensure_registered()
            let parser = cmark_parser_new(CMARK_OPT_DEFAULT)!
            for name in ["table", "strikethrough", "autolink"] {
                if let extensionPointer = cmark_find_syntax_extension(name) {
                    cmark_parser_attach_syntax_extension(parser, extensionPointer)
                }
            }
            var text = text
            text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in cmark_parser_feed(parser, chars.baseAddress, chars.count) }
            }
            self.parser = parser
            root = cmark_parser_finish(parser)
        }

        deinit {
            cmark_node_free(root)
            cmark_parser_free(parser)
        }

        func withRoot<T>(_ body: (OpaquePointer) -> T) -> T { body(root) }

        /// The tree as HTML, in cmark-gfm's safe mode (raw HTML left out, dangerous link addresses dropped).
        func renderHTML() -> String {
            guard let html = cmark_render_html(root, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser)) else {
                return ""
            }
            defer { free(html) }
            return String(cString: html)
        }
    }

    /// Every node under `root` of one of `types`, in document order.
    static func nodes(under root: OpaquePointer, where matches: (cmark_node_type) -> Bool) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(root) else { return [] }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            if matches(cmark_node_get_type(node)) { found.append(node) }
        }
        return found
    }

    /// The images under `root`, but those inside another image's description (replacing the outer one
    /// frees them).
    static func images(under root: OpaquePointer) -> [OpaquePointer] {
        nodes(under: root) { $0 == CMARK_NODE_IMAGE }.filter { image in
            var ancestor = cmark_node_parent(image)
            while let node = ancestor, node != root {
                if cmark_node_get_type(node) == CMARK_NODE_IMAGE { return false }
                ancestor = cmark_node_parent(node)
            }
            return true
        }
    }

    static func rawHTML(under root: OpaquePointer) -> [OpaquePointer] {
        nodes(under: root) { $0 == CMARK_NODE_HTML_BLOCK || $0 == CMARK_NODE_HTML_INLINE }
    }

    /// The image that is the only content of `paragraph` (white space aside), or `nil`.
    static func soleImage(of paragraph: OpaquePointer) -> OpaquePointer? {
        guard cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else { return nil }
        var image: OpaquePointer?
        var child = cmark_node_first_child(paragraph)
        while let node = child {
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_IMAGE {
                if image != nil { return nil }
                image = node
            } else if type == CMARK_NODE_TEXT {
                if !string(cmark_node_get_literal(node)).allSatisfy(\.isWhitespace) { return nil }
            } else if type != CMARK_NODE_SOFTBREAK {
                return nil
            }
            child = cmark_node_next(node)
        }
        return image
    }

    /// The text of an image's description (its alternative text).
    static func altText(_ image: OpaquePointer) -> String {
        nodes(under: image) { $0 == CMARK_NODE_TEXT || $0 == CMARK_NODE_CODE || $0 == CMARK_NODE_SOFTBREAK }
            .map { cmark_node_get_type($0) == CMARK_NODE_SOFTBREAK ? " " : string(cmark_node_get_literal($0)) }
            .joined()
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The figure an image alone in its paragraph stands for; `nil` for a media item that does not exist.
    static func figure(for image: OpaquePointer, options: Options, featured: Bool) -> PostFigure? {
        let url = string(cmark_node_get_url(image))
        let alt = altText(image)
        let title = string(cmark_node_get_title(image))
        if let id = PostFigures.mediaId(url) {
            guard let media = options.media[id] else { return nil }
            return PostFigures.media(
                media, alt: media.alt.isEmpty ? alt : media.alt, caption: title.isEmpty ? media.caption : title,
                origin: options.origin, eager: featured, featured: featured)
        }
        if PostFigures.isStaticFile(url) {
            return PostFigures.staticFile(src: url, caption: alt, origin: options.origin, featured: featured)
        }
        if let local = options.localImages[url] {
            return PostFigures.local(src: local, alt: alt, caption: title.isEmpty ? alt : title, featured: featured)
        }
        return featured ? nil : PostFigure(html: "<p>\(externalImage(url: url, alt: alt))</p>", imageURL: nil)
    }

    /// An image inside a paragraph.
    static func inlineImage(_ image: OpaquePointer, options: Options) -> PostFigure {
        let url = string(cmark_node_get_url(image))
        let alt = altText(image)
        if let id = PostFigures.mediaId(url) {
            guard let media = options.media[id] else { return PostFigure(html: HTMLText.escape(alt), imageURL: nil) }
            return PostFigures.media(
                media, alt: media.alt.isEmpty ? alt : media.alt, caption: "", origin: options.origin, eager: false,
                featured: false, inline: true)
        }
        if PostFigures.isStaticFile(url) {
            return PostFigures.staticFile(src: url, caption: alt, origin: options.origin, featured: false, inline: true)
        }
        if let local = options.localImages[url] {
            return PostFigure(html: "<img src=\"\(HTMLText.escape(local))\" alt=\"\(HTMLText.escape(alt))\">", imageURL: local)
        }
        return PostFigure(html: externalImage(url: url, alt: alt), imageURL: nil)
    }

    /// Another site's image: not loaded; its alternative text links to it when its address is http(s).
    static func externalImage(url: String, alt: String) -> String {
        let label = HTMLText.escape(alt.isEmpty ? url : alt)
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return label }
        return "<a href=\"\(HTMLText.escape(url))\" rel=\"nofollow noopener\">\(label)</a>"
    }

    /// Puts a custom node holding `html` where `node` was, and frees `node`.
    static func replace(_ node: OpaquePointer, withCustom type: cmark_node_type, html: String) {
        guard let custom = cmark_node_new(type) else { return }
        _ = cmark_node_set_on_enter(custom, html)
        _ = cmark_node_insert_before(node, custom)
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// Raw HTML as the text it is: an inline piece becomes text, a block a paragraph of text.
    static func replaceRawHTML(_ node: OpaquePointer) {
        let literal = string(cmark_node_get_literal(node))
        if cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE {
            guard let text = cmark_node_new(CMARK_NODE_TEXT) else { return }
            _ = cmark_node_set_literal(text, literal)
            _ = cmark_node_insert_before(node, text)
        } else {
            guard let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH), let text = cmark_node_new(CMARK_NODE_TEXT) else { return }
            _ = cmark_node_set_literal(text, literal.trimmingCharacters(in: .newlines))
            _ = cmark_node_append_child(paragraph, text)
            _ = cmark_node_insert_before(node, paragraph)
        }
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
