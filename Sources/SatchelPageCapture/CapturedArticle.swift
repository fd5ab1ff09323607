import Foundation

/// The readable copy of a captured page, stored as the saved article's `article.json` attachment: what
/// the extractor found and the sanitized body, with the images it kept and the attachments holding them.
/// Every machine reads the article from this file (and the images from theirs), with no network.
public struct CapturedArticle: Codable, Sendable, Equatable {
    /// The format's version; a reader refuses a copy written in a later one.
    public var version: Int
    /// The address the reader saved.
    public var url: String
    /// The address the page was finally read from, after redirects.
    public var finalURL: String
    /// The title.
    public var title: String
    /// Who wrote it, as the page says.
    public var byline: String?
    /// The publication's name.
    public var siteName: String?
    /// A short summary.
    public var excerpt: String?
    /// When it was published, as the page states it.
    public var publishedTime: String?
    /// The page's language tag.
    public var lang: String?
    /// Text direction, `ltr` or `rtl`.
    public var dir: String?
    /// Words in the body.
    public var wordCount: Int
    /// Minutes to read.
    public var readingTime: Int
    /// The sanitized body, image sources as on the page (absolute).
    public var html: String
    /// The images kept, in order, with the files holding the ones that could be fetched.
    public var images: [CapturedImage]
    /// When the capture was made (ISO 8601).
    public var capturedAt: String

    /// The version this build writes and reads.
    public static let currentVersion = 1
    /// The attachment's file name.
    public static let fileName = "article.json"
    /// The attachment's media type.
    public static let mediaType = "application/json"
    /// Largest copy a reader accepts (the page limit plus room for escaping).
    public static let maximumBytes = 32 << 20

    /// Creates a readable copy.
    public init(
        url: String, finalURL: String, title: String, byline: String? = nil, siteName: String? = nil,
        excerpt: String? = nil, publishedTime: String? = nil, lang: String? = nil, dir: String? = nil,
        wordCount: Int = 0, readingTime: Int = 0, html: String, images: [CapturedImage] = [], capturedAt: String
    ) {
        self.version = Self.currentVersion
        self.url = url
        self.finalURL = finalURL
        self.title = title
        self.byline = byline
        self.siteName = siteName
        self.excerpt = excerpt
        self.publishedTime = publishedTime
        self.lang = lang
        self.dir = dir
        self.wordCount = wordCount
        self.readingTime = readingTime
        self.html = html
        self.images = images
        self.capturedAt = capturedAt
    }

    /// The file's bytes (sorted keys, so the same capture always has the same digest).
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and arrays cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    /// Reads a copy from an attachment's bytes (which came from the network: any machine may have written
    /// them), refusing anything too large, malformed, or of a later version.
    public static func decode(_ data: Data) throws -> CapturedArticle {
        guard data.count <= maximumBytes else { throw CapturedArticleError.tooLarge }
        let article: CapturedArticle
        do {
            article = try JSONDecoder().decode(CapturedArticle.self, from: data)
        } catch {
            throw CapturedArticleError.malformed
        }
        guard article.version <= currentVersion else { throw CapturedArticleError.laterVersion(article.version) }
        return article
    }
}

/// One image of a captured article.
public struct CapturedImage: Codable, Sendable, Equatable {
    /// Its absolute URL on the page (the `src` the body's HTML holds).
    public var url: String
    /// The digest of the attachment holding it; nil when it could not be fetched.
    public var digest: String?
    /// Its caption or alternative text.
    public var caption: String?

    /// Creates an image entry.
    public init(url: String, digest: String?, caption: String?) {
        self.url = url
        self.digest = digest
        self.caption = caption
    }
}

/// Why a readable copy cannot be read.
public enum CapturedArticleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Larger than ``CapturedArticle/maximumBytes``.
    case tooLarge
    /// Not the JSON this format describes.
    case malformed
    /// Written by a later version of Satchel.
    case laterVersion(Int)

    /// A sentence for the reader.
    public var description: String {
        switch self {
        case .tooLarge: "The readable copy is larger than Satchel reads."
        case .malformed: "The readable copy is damaged."
        case .laterVersion(let version): "The readable copy was made by a newer Satchel (format \(version)); update to read it."
        }
    }
}
