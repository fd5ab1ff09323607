import Foundation

/// Where a comment stands in moderation.
public enum CommentModerationStatus: String, Codable, Sendable, CaseIterable {
    /// Held for a moderator.
    case pending
    /// Public.
    case approved
    /// Marked as spam; never public.
    case spam
    /// Removed by a moderator; never public.
    case trash
}

/// A comment on a post. Its author's email is never part of public JSON: only its hash is.
public struct Comment: Codable, Sendable, Hashable, Identifiable {
    /// Stable identifier (client-made for comments written offline).
    public var id: UUID
    /// The post commented on.
    public var postId: UUID
    /// The comment replied to, if any.
    public var parentId: UUID?
    /// Name shown with the comment.
    public var authorName: String
    /// Optional link shown with the name.
    public var authorUrl: String?
    /// SHA-256 (hex) of the trimmed, lower-cased email: enough for an avatar, not the address.
    public var emailHash: String
    /// The email itself: present only in responses to admins.
    public var authorEmail: String?
    /// The account that wrote it, when signed in.
    public var userId: UUID?
    /// Comment text.
    public var body: String
    /// Moderation state.
    public var status: CommentModerationStatus
    /// When the server stored it.
    public var createdAt: Date
    /// When the author wrote it, as their device said (offline comments arrive later).
    public var clientCreatedAt: Date?

    /// Creates a comment value.
    public init(
        id: UUID, postId: UUID, parentId: UUID?, authorName: String, authorUrl: String?, emailHash: String,
        authorEmail: String?, userId: UUID?, body: String, status: CommentModerationStatus, createdAt: Date,
        clientCreatedAt: Date?
    ) {
        self.id = id
        self.postId = postId
        self.parentId = parentId
        self.authorName = authorName
        self.authorUrl = authorUrl
        self.emailHash = emailHash
        self.authorEmail = authorEmail
        self.userId = userId
        self.body = body
        self.status = status
        self.createdAt = createdAt
        self.clientCreatedAt = clientCreatedAt
    }

    /// The same comment with the private email removed, for everyone but admins.
    public var publicView: Comment {
        var copy = self
        copy.authorEmail = nil
        return copy
    }
}
