import Foundation

/// Turns a web page into an ``Article``: decodes it, parses it as HTML5, reads its metadata, finds
/// the body by scoring (with fallbacks), cleans and sanitizes it.
///
///     let page = try Data(contentsOf: URL(fileURLWithPath: "page.html"))
///     let article = ArticleExtractor.extract(
///         data: page, url: URL(string: "https://example.com/story"), headers: ["Content-Type": "text/html"])
///     print(article.title, article.wordCount)
public enum ArticleExtractor {
    /// Limits and thresholds; every value has a default.
    public struct Options: Sendable {
        /// Bytes of the page read at most; the rest is ignored (16 MiB; at most 1 GiB).
        public var maximumBytes: Int
        /// Characters of body text below which the extractor tries again with fewer rules (500).
        public var minimumBodyLength: Int
        /// Images listed in ``Article/images`` at most (1,000); the HTML keeps all.
        public var maximumImages: Int

        /// Options with the defaults, or the values given.
        public init(maximumBytes: Int = 16 << 20, minimumBodyLength: Int = 500, maximumImages: Int = 1000) {
            self.maximumBytes = min(max(0, maximumBytes), 1 << 30)  // the document indexes its text with 32 bits
            self.minimumBodyLength = minimumBodyLength
            self.maximumImages = maximumImages
        }
    }

    /// Extracts the article of a page from its bytes, its URL and its response headers (any case).
    public static func extract(data: Data, url: URL?, headers: [String: String] = [:], options: Options = Options()) -> Article {
        extract(bytes: [UInt8](data.prefix(options.maximumBytes)), url: url, headers: headers, options: options)
    }

    /// Extracts the article of a page from its bytes, its URL and its response headers (any case).
    public static func extract(bytes: [UInt8], url: URL?, headers: [String: String] = [:], options: Options = Options()) -> Article {
        let header = { (name: String) in headers.first { $0.key.lowercased() == name }?.value }
        let input = bytes.count > options.maximumBytes ? Array(bytes.prefix(options.maximumBytes)) : bytes
        let utf8 = CharacterEncoding.utf8(input, contentType: header("content-type"))
        var document = HTMLParser.parse(utf8)
        let metadata = Metadata.read(document)
        let resolver = URLResolver(pageURL: url, document: document)
        Boilerplate.dropInvisible(&document)
        let readerable = Readerable.isReaderable(document)
        let title = metadata.title ?? Title.fromPage(document, documentTitle: metadata.documentTitle)

        let body = BodyFinder(document: document, title: title, minimumLength: options.minimumBodyLength).find()
        let rendered = HTMLSanitizer.render(body.document, roots: body.roots, resolver: resolver, imageLimit: options.maximumImages,
                                            wrappedInDiv: true)
        let text = TextRenderer.text(body.document, roots: body.roots)
        let words = TextRenderer.wordCount(text)

        var article = Article()
        article.title = title
        article.byline = metadata.byline ?? body.byline
        article.siteName = metadata.siteName
        article.publishedTime = metadata.publishedTime
        article.lang = metadata.lang ?? header("content-language").map { String($0.split(separator: ",").first ?? "").trimmingSpaces }
        article.dir = direction(body.document, top: body.top) ?? metadata.dir
        article.excerpt = metadata.excerpt ?? firstParagraph(text)
        article.canonicalURL = metadata.canonical.flatMap(resolver.link)
        article.leadImage = metadata.image.flatMap(resolver.image) ?? rendered.images.first?.url
        article.html = rendered.html  // wrapped in its <div> by the sanitizer, without another copy
        article.text = text
        article.wordCount = words
        article.readingTime = words == 0 ? 0 : (words + 229) / 230
        article.images = rendered.images
        article.readerable = readerable
        return article
    }

    /// The `dir` attribute nearest the body (on it or an ancestor).
    private static func direction(_ document: Document, top: Int) -> String? {
        var node = top
        while node > 0 {
            if let dir = document.attribute("dir", of: node)?.lowercased(), dir == "ltr" || dir == "rtl" { return dir }
            node = document.parents[node]
        }
        return nil
    }

    /// The first paragraph (text between blank lines) that is not empty, at most 500 characters; found
    /// without splitting the whole text.
    private static func firstParagraph(_ text: String) -> String? {
        var rest = text[...]
        while !rest.isEmpty {
            let end = rest.range(of: "\n\n")
            let paragraph = rest[..<(end?.lowerBound ?? rest.endIndex)]
            if !String(paragraph).trimmingSpaces.isEmpty { return String(paragraph.prefix(500)) }
            guard let end else { return nil }
            rest = rest[end.upperBound...]
        }
        return nil
    }
}
