import Foundation

/// An article on a reader's reading list; private to that reader and synced between their machines.
public struct SavedArticle: Codable, Sendable, Hashable, Identifiable {
    /// Client-made identifier.
    public var id: UUID
    /// The article's address.
    public var url: String
    /// Title as saved (or edited).
    public var title: String
    /// Publication name, e.g. the host.
    public var siteName: String
    /// Short summary.
    public var excerpt: String
    /// The post of this server the URL points at, if any.
    public var postId: UUID?
    /// Reader's labels, sorted.
    public var tags: [String]
    /// Reader's private note.
    public var note: String
    /// Starred.
    public var favorite: Bool
    /// Read and put away.
    public var archived: Bool
    /// How far the reader got, 0…1.
    public var readingProgress: Double
    /// When it was first saved.
    public var savedAt: Date
    /// Files saved with it: a PDF or a page saved from disk, and later the readable copy and its images.
    public var attachments: [Attachment]
    /// When any field last changed.
    public var updatedAt: Date
    /// Tombstone flag: deleted records still travel so other machines delete them too.
    public var deleted: Bool

    /// Creates a saved article value.
    public init(
        id: UUID, url: String, title: String, siteName: String = "", excerpt: String = "", postId: UUID? = nil,
        tags: [String] = [], note: String = "", favorite: Bool = false, archived: Bool = false,
        readingProgress: Double = 0, savedAt: Date, updatedAt: Date, deleted: Bool = false,
        attachments: [Attachment] = []
    ) {
        self.attachments = attachments
        self.id = id
        self.url = url
        self.title = title
        self.siteName = siteName
        self.excerpt = excerpt
        self.postId = postId
        self.tags = tags
        self.note = note
        self.favorite = favorite
        self.archived = archived
        self.readingProgress = readingProgress
        self.savedAt = savedAt
        self.updatedAt = updatedAt
        self.deleted = deleted
    }
}
