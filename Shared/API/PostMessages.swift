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
    /// Whether to drop the featured image, so that the body's first figure is featured again: sent as an empty
    /// `featuredMediaId`, as an empty `excerpt` derives the summary again.
    public var clearsFeaturedMedia: Bool

    /// Creates an update request.
    public init(
        title: String? = nil, body: String? = nil, excerpt: String? = nil, tags: [String]? = nil,
        status: PostStatus? = nil, commentStatus: CommentStatus? = nil, featuredMediaId: UUID? = nil,
        clearsFeaturedMedia: Bool = false
    ) {
        self.featuredMediaId = featuredMediaId
        self.clearsFeaturedMedia = clearsFeaturedMedia
        self.title = title
        self.body = body
        self.excerpt = excerpt
        self.tags = tags
        self.status = status
        self.commentStatus = commentStatus
    }

    private enum CodingKeys: String, CodingKey {
        case title, body, excerpt, tags, status, commentStatus, featuredMediaId
    }

    /// Decodes the JSON form; `featuredMediaId` is an id, or `""` to drop the featured image.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        body = try container.decodeIfPresent(String.self, forKey: .body)
        excerpt = try container.decodeIfPresent(String.self, forKey: .excerpt)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        status = try container.decodeIfPresent(PostStatus.self, forKey: .status)
        commentStatus = try container.decodeIfPresent(CommentStatus.self, forKey: .commentStatus)
        featuredMediaId = nil
        clearsFeaturedMedia = false
        if let featured = try container.decodeIfPresent(String.self, forKey: .featuredMediaId) {
            if featured.isEmpty {
                clearsFeaturedMedia = true
            } else if let id = UUID(uuidString: featured) {
                featuredMediaId = id
            } else {
                throw DecodingError.dataCorruptedError(
                    forKey: .featuredMediaId, in: container, debugDescription: "Attempted to decode UUID from invalid UUID string.")
            }
        }
    }

    /// Encodes the JSON form, absent fields left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encodeIfPresent(body, forKey: .body)
        try container.encodeIfPresent(excerpt, forKey: .excerpt)
        try container.encodeIfPresent(tags, forKey: .tags)
        try container.encodeIfPresent(status, forKey: .status)
        try container.encodeIfPresent(commentStatus, forKey: .commentStatus)
        if clearsFeaturedMedia {
            try container.encode("", forKey: .featuredMediaId)
        } else {
            try container.encodeIfPresent(featuredMediaId, forKey: .featuredMediaId)
        }
    }
}
