import Foundation

/// `POST /v1/posts/{id}/comments`: the "Leave a reply" form.
public struct CreateCommentRequest: Codable, Sendable {
    /// Client-made id, so a comment written offline keeps its identity; the server makes one when absent.
    public var id: UUID?
    /// Required when not signed in; ignored when signed in (the profile's name is used).
    public var authorName: String?
    /// Required when not signed in; never published.
    public var authorEmail: String?
    /// Optional `http(s)` link shown with the name.
    public var authorUrl: String?
    /// The comment, 1–10,000 characters.
    public var body: String
    /// The comment replied to, on the same post.
    public var parentId: UUID?
    /// When the author wrote it, as their device said.
    public var clientCreatedAt: Date?
    /// Honeypot: a field people never see on the form. Bots fill it in; a filled one marks the comment as spam.
    public var nickname: String?

    /// Creates a comment request.
    public init(
        id: UUID? = nil, authorName: String? = nil, authorEmail: String? = nil, authorUrl: String? = nil,
        body: String, parentId: UUID? = nil, clientCreatedAt: Date? = nil, nickname: String? = nil
    ) {
        self.id = id
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorUrl = authorUrl
        self.body = body
        self.parentId = parentId
        self.clientCreatedAt = clientCreatedAt
        self.nickname = nickname
    }
}

/// `PATCH /v1/comments/{id}`: a moderator's decision.
public struct ModerateCommentRequest: Codable, Sendable {
    /// `approved`, `spam`, `trash` (or back to `pending`).
    public var status: CommentModerationStatus

    /// Creates a moderation request.
    public init(status: CommentModerationStatus) {
        self.status = status
    }
}
