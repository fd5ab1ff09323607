import Foundation

/// The JSON export: every field of every article, in the record's own terms. `satchel import` reads it
/// back (format `satchel-json`).
public struct ExportFile: Codable, Sendable, Equatable {
    /// The format's version.
    public var version: Int
    /// What wrote it: always `satchel`, which is how an import recognises it.
    public var generator: String
    /// When it was written.
    public var exportedAt: Date
    /// The articles.
    public var articles: [SavedArticle]
    /// The highlights of those articles (absent from exports written before highlights existed).
    public var highlights: [Highlight]?

    /// The version this build writes.
    public static let currentVersion = 1

    /// An export of `articles` and their `highlights` made at `date`.
    public init(articles: [SavedArticle], highlights: [Highlight] = [], exportedAt: Date) {
        self.version = Self.currentVersion
        self.generator = "satchel"
        self.exportedAt = exportedAt
        self.articles = articles
        let kept = Set(articles.map(\.id))
        self.highlights = highlights.filter { kept.contains($0.articleId) && !$0.deleted }
    }

    /// The JSON's name in an export archive (`satchel export --format json --with-files`).
    public static let archiveJSONName = "satchel.json"

    /// The name in an export archive of the file whose content has `digest`: `files/sha256-<64 hex>`.
    public static func archiveEntryName(for digest: BlobDigest) -> String {
        "files/sha256-" + digest.hex
    }
}
