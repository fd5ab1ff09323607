import Foundation
import GRDB
import SatchelShared

/// The `article_bodies` table: article text kept for offline reading. A local cache, never synced.
struct ArticleBodyTable {
    let db: Database

    /// Keeps `body`, replacing any earlier copy for its article.
    func save(_ body: CachedArticleBody) throws {
        try ArticleBodyRow(body).insert(db, onConflict: .replace)
    }

    /// The body kept for `articleId`, if any.
    func find(_ articleId: UUID) throws -> CachedArticleBody? {
        try ArticleBodyRow.fetchOne(db, key: articleId.uuidString).map { $0.body(for: articleId) }
    }
}

/// One row of the `article_bodies` table.
struct ArticleBodyRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "article_bodies"

    enum CodingKeys: String, CodingKey {
        case articleId = "article_id"
        case body
        case readingTimeMinutes = "reading_time_minutes"
        case cachedAt = "cached_at"
    }

    var articleId: String
    var body: String
    var readingTimeMinutes: Int
    /// Milliseconds since 1970.
    var cachedAt: Int64

    init(_ body: CachedArticleBody) {
        articleId = body.articleId.uuidString
        self.body = body.body
        readingTimeMinutes = body.readingTimeMinutes
        cachedAt = body.cachedAt.millis
    }

    func body(for id: UUID) -> CachedArticleBody {
        CachedArticleBody(articleId: id, body: body, readingTimeMinutes: readingTimeMinutes, cachedAt: Date(millis: cachedAt))
    }
}
