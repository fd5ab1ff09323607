import Foundation
import SatchelShared

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
