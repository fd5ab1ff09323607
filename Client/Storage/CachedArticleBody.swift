import Foundation

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
