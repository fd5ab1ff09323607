import Foundation

/// `POST /v1/posts`: write a post.
public struct CreatePostRequest: Codable, Sendable {
    /// Headline, 1–300 characters.
    public var title: String
    /// Full text, at most 200,000 characters.
    public var body: String
    /// Summary; derived from the body when absent.
    public var excerpt: String?
    /// URL-safe name; derived from the title when absent. Made unique by a numeric suffix.
    public var slug: String?
    /// Labels; at most 20.
    public var tags: [String]?
    /// Defaults to `published`.
    public var status: PostStatus?
    /// Defaults to `open`.
    public var commentStatus: CommentStatus?
    /// The media item shown as the featured image (the author's own); the body's first figure when absent.
    public var featuredMediaId: UUID?

    /// Creates a post request.
    public init(
        title: String, body: String, excerpt: String? = nil, slug: String? = nil, tags: [String]? = nil,
        status: PostStatus? = nil, commentStatus: CommentStatus? = nil, featuredMediaId: UUID? = nil
    ) {
        self.featuredMediaId = featuredMediaId
        self.title = title
        self.body = body
        self.excerpt = excerpt
        self.slug = slug
        self.tags = tags
        self.status = status
        self.commentStatus = commentStatus
    }
}

/// `PATCH /v1/posts/{id}`: change some fields of a post; absent fields stay.
public struct UpdatePostRequest: Codable, Sendable {
    /// New headline.
    public var title: String?
    /// New text.
    public var body: String?
    /// New summary.
    public var excerpt: String?
    /// New labels (replaces the set).
    public var tags: [String]?
    /// Publish or unpublish.
    public var status: PostStatus?
    /// Open or close comments.
    public var commentStatus: CommentStatus?
    /// A new featured image (the author's own media item).
    public var featuredMediaId: UUID?

    /// Creates an update request.
    public init(
        title: String? = nil, body: String? = nil, excerpt: String? = nil, tags: [String]? = nil,
        status: PostStatus? = nil, commentStatus: CommentStatus? = nil, featuredMediaId: UUID? = nil
    ) {
        self.featuredMediaId = featuredMediaId
        self.title = title
        self.body = body
        self.excerpt = excerpt
        self.tags = tags
        self.status = status
        self.commentStatus = commentStatus
    }
}
