import Foundation
import SatchelShared

/// A figure as a page shows it.
public struct PostFigure: Sendable, Equatable {
    /// Its HTML: `<figure>` with a `<picture>` (WebP sources, JPEG fallback, `srcset` and `sizes`, `width` and
    /// `height`) and its caption.
    public var html: String
    /// The absolute address of its largest JPEG (or its static file), for `og:image`; `nil` while its variants
    /// are not made.
    public var imageURL: String?
}

/// The HTML of images in posts.
enum PostFigures {
    /// What the browser is told about a figure's width: the figure spans the column, up to 60rem on wide
    /// screens (`figure.media` in site.css).
    static let sizes = "(max-width: 62.5rem) calc(100vw - 2.5rem), 60rem"

    /// A media item as a figure (`inline` false) or a bare picture inside a paragraph (`inline` true).
    /// `eager` is the featured image: loaded at once, not lazily.
    static func media(
        _ media: Media, alt: String, caption: String, origin: String, eager: Bool, featured: Bool, inline: Bool = false
    ) -> PostFigure {
        let webp = media.variants.filter { $0.mediaType == "image/webp" }.sorted { $0.width < $1.width }
        let jpeg = media.variants.filter { $0.mediaType == "image/jpeg" }.sorted { $0.width < $1.width }
        var picture: String
        var imageURL: String?
        if let largest = jpeg.last {
            let srcset = { (variants: [MediaVariant]) in
                variants.map { "\(origin)\($0.url) \($0.width)w" }.joined(separator: ", ")
            }
            let loading = eager ? " fetchpriority=\"high\"" : " loading=\"lazy\""
            picture = "<picture>"
            if !webp.isEmpty {
                picture += "<source type=\"image/webp\" srcset=\"\(HTMLText.escape(srcset(webp)))\" sizes=\"\(sizes)\">"
            }
            picture += "<img src=\"\(HTMLText.escape(origin + largest.url))\" srcset=\"\(HTMLText.escape(srcset(jpeg)))\" "
                + "sizes=\"\(sizes)\" width=\"\(largest.width)\" height=\"\(largest.height)\" alt=\"\(HTMLText.escape(alt))\""
                + "\(loading) decoding=\"async\"></picture>"
            imageURL = origin + largest.url
        } else {
            // Variants not made yet (or failed): the alternative text holds the place.
            picture = "<span class=\"media-pending\" role=\"img\" aria-label=\"\(HTMLText.escape(alt))\">\(HTMLText.escape(alt))</span>"
        }
        if inline { return PostFigure(html: picture, imageURL: imageURL) }
        var captionHTML = HTMLText.escape(caption)
        if !media.credit.isEmpty {
            captionHTML += (captionHTML.isEmpty ? "" : " ") + "<span class=\"credit\">\(HTMLText.escape(media.credit))</span>"
        }
        let figcaption = captionHTML.isEmpty ? "" : "<figcaption>\(captionHTML)</figcaption>"
        let classes = featured ? "featured media" : "media"
        return PostFigure(html: "<figure class=\"\(classes)\">\(picture)\(figcaption)</figure>", imageURL: imageURL)
    }

    /// One of the server's own static images (`![caption](/static/name)`), as posts have shown them from
    /// the start: the caption is also the alternative text.
    static func staticFile(src: String, caption: String, origin: String, featured: Bool, inline: Bool = false) -> PostFigure {
        let alt = HTMLText.escape(caption)
        let url = HTMLText.escape(origin + src)
        if inline { return PostFigure(html: "<img src=\"\(url)\" alt=\"\(alt)\" loading=\"lazy\">", imageURL: origin + src) }
        let html = featured
            ? "<figure class=\"featured\"><img src=\"\(url)\" alt=\"\(alt)\"><figcaption>\(alt)</figcaption></figure>"
            : "<figure><img src=\"\(url)\" alt=\"\(alt)\" loading=\"lazy\"><figcaption>\(alt)</figcaption></figure>"
        return PostFigure(html: html, imageURL: origin + src)
    }

    /// An image on this machine (a draft's attachment in a preview).
    static func local(src: String, alt: String, caption: String, featured: Bool) -> PostFigure {
        let classes = featured ? "featured media" : "media"
        let figcaption = caption.isEmpty ? "" : "<figcaption>\(HTMLText.escape(caption))</figcaption>"
        return PostFigure(
            html: "<figure class=\"\(classes)\"><img src=\"\(HTMLText.escape(src))\" alt=\"\(HTMLText.escape(alt))\">\(figcaption)</figure>",
            imageURL: src)
    }

    /// Whether `src` names one of the server's static files: `/static/` and a plain file name.
    static func isStaticFile(_ src: String) -> Bool {
        let name = src.dropFirst("/static/".count)
        return src.hasPrefix("/static/") && !name.isEmpty && !name.hasPrefix(".")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    /// The media id of a `media:ID` address, or `nil`.
    static func mediaId(_ url: String) -> UUID? {
        guard url.lowercased().hasPrefix("media:") else { return nil }
        return UUID(uuidString: String(url.dropFirst("media:".count)))
    }
}
