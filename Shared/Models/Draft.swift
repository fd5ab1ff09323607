import Foundation

/// What a draft will become.
public enum DraftKind: String, Codable, Sendable, CaseIterable {
    /// A future post.
    case post
    /// A future comment on ``Draft/postId``.
    case comment
}

/// Unfinished writing, private to its author and synced between their machines.
public struct Draft: Codable, Sendable, Hashable, Identifiable {
    /// Client-made identifier.
    public var id: UUID
    /// Post or comment draft.
    public var kind: DraftKind
    /// The post a comment draft replies to.
    public var postId: UUID?
    /// Working title.
    public var title: String
    /// Working text.
    public var body: String
    /// Labels, sorted.
    public var tags: [String]
    /// Files the draft uses (its images), uploaded before the draft's changes are pushed.
    public var attachments: [Attachment]
    /// When any field last changed.
    public var updatedAt: Date
    /// Tombstone flag.
    public var deleted: Bool

    /// Creates a draft value.
    public init(
        id: UUID, kind: DraftKind, postId: UUID? = nil, title: String = "", body: String = "",
        tags: [String] = [], updatedAt: Date, deleted: Bool = false, attachments: [Attachment] = []
    ) {
        self.attachments = attachments
        self.id = id
        self.kind = kind
        self.postId = postId
        self.title = title
        self.body = body
        self.tags = tags
        self.updatedAt = updatedAt
        self.deleted = deleted
    }
}
