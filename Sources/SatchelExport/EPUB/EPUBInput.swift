import Foundation
import SatchelShared

/// What the book needs of a readable copy: its sanitized HTML and the image files on this machine.
public struct EPUBReadableCopy: Sendable {
    /// The sanitized body (`CapturedArticle.html`), image sources as on the page.
    public var html: String
    /// Who wrote it, as the page says.
    public var byline: String?
    /// The publication's name.
    public var siteName: String?
    /// The page's language tag.
    public var lang: String?
    /// Text direction, `ltr` or `rtl`.
    public var dir: String?
    /// The image files on this machine, by the image's address in `html`; images missing here are left out.
    public var images: [String: EPUBImageFile]

    /// Creates a readable copy for the book.
    public init(
        html: String, byline: String? = nil, siteName: String? = nil, lang: String? = nil, dir: String? = nil,
        images: [String: EPUBImageFile] = [:]
    ) {
        self.html = html
        self.byline = byline
        self.siteName = siteName
        self.lang = lang
        self.dir = dir
        self.images = images
    }
}

/// An image file to put into the book: streamed from `path` when the book is written.
public struct EPUBImageFile: Sendable, Hashable {
    /// Where the bytes are (the file cache).
    public var path: String
    /// The attachment's digest, which names the file in the book.
    public var digest: BlobDigest

    /// Creates an image file.
    public init(path: String, digest: BlobDigest) {
        self.path = path
        self.digest = digest
    }
}

/// The book as a whole: its title, identifier and date.
public struct EPUBOptions: Sendable {
    /// The book's title (`Satchel reading list` by default).
    public var title: String
    /// The book's unique identifier.
    public var identifier: UUID
    /// When it was made (`dcterms:modified`, the cover's date).
    public var date: Date

    /// Options for a book made now with a fresh identifier unless given.
    public init(title: String = "Satchel reading list", identifier: UUID = UUID(), date: Date = Date()) {
        self.title = title
        self.identifier = identifier
        self.date = date
    }
}

/// What went into a book.
public struct EPUBSummary: Sendable, Equatable {
    /// Chapters written (one per article).
    public var chapters: Int
    /// Chapters with captured text.
    public var captured: Int
    /// Images embedded.
    public var images: Int
    /// Images left out: not on this machine, or of a type EPUB readers need not show (WebP, SVG, unknown).
    public var imagesLeftOut: Int

    /// Creates a summary.
    public init(chapters: Int, captured: Int, images: Int, imagesLeftOut: Int) {
        self.chapters = chapters
        self.captured = captured
        self.images = images
        self.imagesLeftOut = imagesLeftOut
    }
}
