import Foundation

/// What a user may do: read and comment, publish posts, or administer the server.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Reads, saves articles, comments.
    case reader
    /// May also write posts.
    case author
    /// May do anything, including changing roles and moderating every comment.
    case admin

    /// Whether this role may create posts.
    public var canPublish: Bool { self != .reader }
}

/// An account, as its owner (or an admin) sees it: the email is private.
public struct User: Codable, Sendable, Hashable, Identifiable {
    /// Stable identifier.
    public var id: UUID
    /// Unique login name, lower case.
    public var username: String
    /// Name shown on posts and comments.
    public var displayName: String
    /// Private email; only the owner and admins see it.
    public var email: String
    /// What the user may do.
    public var role: Role
    /// When the account was created.
    public var createdAt: Date

    /// Creates a user value.
    public init(id: UUID, username: String, displayName: String, email: String, role: Role, createdAt: Date) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.email = email
        self.role = role
        self.createdAt = createdAt
    }

    /// The public face of this user.
    public var author: Author { Author(id: id, username: username, displayName: displayName) }
}

/// The public face of a user, as shown on posts: no email.
public struct Author: Codable, Sendable, Hashable, Identifiable {
    /// The user's id.
    public var id: UUID
    /// Unique login name.
    public var username: String
    /// Name shown on posts.
    public var displayName: String
    /// Number of published posts; present on `GET /v1/authors/{id}`.
    public var postCount: Int?

    /// Creates an author value.
    public init(id: UUID, username: String, displayName: String, postCount: Int? = nil) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.postCount = postCount
    }
}
