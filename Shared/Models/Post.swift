import Foundation

/// Whether a post is visible to the public.
public enum PostStatus: String, Codable, Sendable, CaseIterable {
    /// Only its author and admins see it.
    case draft
    /// Everyone sees it.
    case published
}

/// Whether a post accepts new comments.
public enum CommentStatus: String, Codable, Sendable, CaseIterable {
    /// The "Leave a reply" form is shown.
    case open
    /// New comments are refused with 403.
    case closed
}

/// A blog post, with the figures a reader sees next to its title ("2 min read", comment count).
public struct Post: Codable, Sendable, Hashable, Identifiable {
    /// Stable identifier.
    public var id: UUID
    /// Unique, URL-safe name derived from the title unless given.
    public var slug: String
    /// Headline.
    public var title: String
    /// Short summary for lists; derived from the body unless given.
    public var excerpt: String
    /// Full text (Markdown or plain text).
    public var body: String
    /// Who wrote it.
    public var author: Author
    /// Free-form labels, lower case, sorted.
    public var tags: [String]
    /// Draft or published.
    public var status: PostStatus
    /// When it was first published; `nil` for a draft never published.
    public var publishedAt: Date?
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
    /// Words in the body, counted by the server.
    public var wordCount: Int
    /// Minutes to read at ``ReadingTime/wordsPerMinute``, at least 1.
    public var readingTimeMinutes: Int
    /// Whether new comments are accepted.
    public var commentStatus: CommentStatus
    /// Approved comments.
    public var commentCount: Int
    /// Increases by one on every edit; the basis of `If-Match`.
    public var version: Int
    /// The media item shown as the featured image, instead of the body's first figure.
    public var featuredMediaId: UUID?

    /// Creates a post value.
    public init(
        id: UUID, slug: String, title: String, excerpt: String, body: String, author: Author,
        tags: [String], status: PostStatus, publishedAt: Date?, createdAt: Date, updatedAt: Date,
        wordCount: Int, readingTimeMinutes: Int, commentStatus: CommentStatus, commentCount: Int, version: Int,
        featuredMediaId: UUID? = nil
    ) {
        self.featuredMediaId = featuredMediaId
        self.id = id
        self.slug = slug
        self.title = title
        self.excerpt = excerpt
        self.body = body
        self.author = author
        self.tags = tags
        self.status = status
        self.publishedAt = publishedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.wordCount = wordCount
        self.readingTimeMinutes = readingTimeMinutes
        self.commentStatus = commentStatus
        self.commentCount = commentCount
        self.version = version
    }
}
