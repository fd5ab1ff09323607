import Foundation

/// A web page turned into a readable article: its metadata, its sanitized body and what it keeps.
public struct Article: Codable, Sendable, Equatable {
    /// The article's title (empty when the page has none).
    public var title: String
    /// Who wrote it, as the page says (`"Ada Lovelace"`, `"By Ada Lovelace and Charles Babbage"`).
    public var byline: String?
    /// The publication's name (`og:site_name`, JSON-LD publisher…).
    public var siteName: String?
    /// When it was published, as the page states it (usually ISO 8601).
    public var publishedTime: String?
    /// The page's language tag (`<html lang>`, or `Content-Language`).
    public var lang: String?
    /// Text direction, `ltr` or `rtl`, when the page states one.
    public var dir: String?
    /// A short summary: the page's description, or the body's first paragraph.
    public var excerpt: String?
    /// The canonical URL (`<link rel=canonical>`, `og:url`), absolute.
    public var canonicalURL: String?
    /// The image that represents the article (`og:image`, JSON-LD, or the body's first image), absolute.
    public var leadImage: String?
    /// The readable body as sanitized HTML: only allowlisted elements and attributes, absolute URLs.
    public var html: String
    /// The body as plain text, paragraphs separated by blank lines.
    public var text: String
    /// Words in `text` (each CJK character counts as one).
    public var wordCount: Int
    /// Minutes to read `text` at 230 words a minute, rounded up.
    public var readingTime: Int
    /// The images the body keeps, in order.
    public var images: [ArticleImage]
    /// Whether the page is an article at all (a reader view is worth offering).
    public var readerable: Bool

    /// Creates an article from its parts.
    public init(
        title: String = "", byline: String? = nil, siteName: String? = nil, publishedTime: String? = nil,
        lang: String? = nil, dir: String? = nil, excerpt: String? = nil, canonicalURL: String? = nil,
        leadImage: String? = nil, html: String = "", text: String = "", wordCount: Int = 0, readingTime: Int = 0,
        images: [ArticleImage] = [], readerable: Bool = false
    ) {
        self.title = title
        self.byline = byline
        self.siteName = siteName
        self.publishedTime = publishedTime
        self.lang = lang
        self.dir = dir
        self.excerpt = excerpt
        self.canonicalURL = canonicalURL
        self.leadImage = leadImage
        self.html = html
        self.text = text
        self.wordCount = wordCount
        self.readingTime = readingTime
        self.images = images
        self.readerable = readerable
    }

    /// The article as one JSON object (sorted keys, absent values as `null`), the shape of
    /// `satchel extract --json`.
    public func jsonData(prettyPrinted: Bool = false) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    private enum CodingKeys: String, CodingKey {
        case title, byline, siteName, publishedTime, lang, dir, excerpt, canonicalURL, leadImage, html, text
        case wordCount, readingTime, images, readerable
    }

    /// Encodes every key, with `null` for absent values (so a reader of `--json` always finds them).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(byline, forKey: .byline)
        try container.encode(siteName, forKey: .siteName)
        try container.encode(publishedTime, forKey: .publishedTime)
        try container.encode(lang, forKey: .lang)
        try container.encode(dir, forKey: .dir)
        try container.encode(excerpt, forKey: .excerpt)
        try container.encode(canonicalURL, forKey: .canonicalURL)
        try container.encode(leadImage, forKey: .leadImage)
        try container.encode(html, forKey: .html)
        try container.encode(text, forKey: .text)
        try container.encode(wordCount, forKey: .wordCount)
        try container.encode(readingTime, forKey: .readingTime)
        try container.encode(images, forKey: .images)
        try container.encode(readerable, forKey: .readerable)
    }
}

/// An image the article keeps.
public struct ArticleImage: Codable, Sendable, Equatable {
    /// Absolute URL of the image (the best of `src`, lazy-loading attributes and `srcset`).
    public var url: String
    /// Its alternative text.
    public var alt: String?
    /// Its caption (the enclosing `<figure>`'s `<figcaption>`).
    public var caption: String?
    /// Width in CSS pixels, when the page states it.
    public var width: Int?
    /// Height in CSS pixels, when the page states it.
    public var height: Int?

    /// Creates an image description.
    public init(url: String, alt: String? = nil, caption: String? = nil, width: Int? = nil, height: Int? = nil) {
        self.url = url
        self.alt = alt
        self.caption = caption
        self.width = width
        self.height = height
    }

    private enum CodingKeys: String, CodingKey { case url, alt, caption, width, height }

    /// Encodes every key, with `null` for absent values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(url, forKey: .url)
        try container.encode(alt, forKey: .alt)
        try container.encode(caption, forKey: .caption)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
    }
}
