import Foundation
import GRDB
import Shared

/// The text of a saved article kept on this machine for offline reading. It is a local cache, not
/// synced: each machine fetches the body of a linked post itself.
public struct CachedArticleBody: Sendable, Hashable, Codable {
    /// The saved article the body belongs to.
    public var articleId: UUID
    /// The article's text.
    public var body: String
    /// Minutes to read, as the server computed them.
    public var readingTimeMinutes: Int
    /// When the body was fetched.
    public var cachedAt: Date

    /// Creates a cached body.
    public init(articleId: UUID, body: String, readingTimeMinutes: Int, cachedAt: Date) {
        self.articleId = articleId
        self.body = body
        self.readingTimeMinutes = readingTimeMinutes
        self.cachedAt = cachedAt
    }
}

extension LocalStore {
    /// Keeps `body` for reading the article offline, replacing any earlier copy.
    public func cacheBody(_ body: String, readingTimeMinutes: Int, for articleId: UUID) throws {
        let now = environment.now()
        try database.queue.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO article_bodies (article_id, body, reading_time_minutes, cached_at)
                    VALUES (?, ?, ?, ?)
                    """,
                arguments: [articleId.uuidString, body, readingTimeMinutes, now.millis])
        }
    }

    /// The body kept for offline reading, if this machine fetched one.
    public func cachedBody(for articleId: UUID) throws -> CachedArticleBody? {
        try database.queue.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT body, reading_time_minutes, cached_at FROM article_bodies WHERE article_id = ?",
                arguments: [articleId.uuidString])
            return row.map {
                CachedArticleBody(
                    articleId: articleId, body: $0["body"], readingTimeMinutes: $0["reading_time_minutes"],
                    cachedAt: Date(millis: $0["cached_at"]))
            }
        }
    }
}
