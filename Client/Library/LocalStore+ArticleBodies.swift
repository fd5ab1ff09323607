import Foundation
import SatchelShared

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
        let cached = CachedArticleBody(articleId: articleId, body: body, readingTimeMinutes: readingTimeMinutes, cachedAt: now)
        try database.write { try $0.articleBodies.save(cached) }
    }

    /// The body kept for offline reading, if this machine fetched one.
    public func cachedBody(for articleId: UUID) throws -> CachedArticleBody? {
        try database.read { try $0.articleBodies.find(articleId) }
    }
}
