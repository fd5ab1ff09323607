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
    /// Who wrote it, as the captured page says.
    public var byline: String
    /// The address the page was finally read from, after redirects (empty until captured).
    public var finalUrl: String
    /// Minutes to read the captured text (0 until captured).
    public var readingMinutes: Int
    /// Whether the page has been captured for reading offline, and how that went.
    public var captureStatus: CaptureStatus
    /// Why the last capture failed (empty unless it did).
    public var captureError: String
    /// When the readable copy was made.
    public var capturedAt: Date?
    /// The attachment holding the readable copy (`article.json`) or the captured file itself.
    public var captureDigest: BlobDigest?
    /// When any field last changed.
    public var updatedAt: Date
    /// Tombstone flag: deleted records still travel so other machines delete them too.
    public var deleted: Bool

    /// Creates a saved article value.
    public init(
        id: UUID, url: String, title: String, siteName: String = "", excerpt: String = "", postId: UUID? = nil,
        tags: [String] = [], note: String = "", favorite: Bool = false, archived: Bool = false,
        readingProgress: Double = 0, savedAt: Date, updatedAt: Date, deleted: Bool = false,
        attachments: [Attachment] = [], byline: String = "", finalUrl: String = "", readingMinutes: Int = 0,
        captureStatus: CaptureStatus = .none, captureError: String = "", capturedAt: Date? = nil,
        captureDigest: BlobDigest? = nil
    ) {
        self.attachments = attachments
        self.byline = byline
        self.finalUrl = finalUrl
        self.readingMinutes = readingMinutes
        self.captureStatus = captureStatus
        self.captureError = captureError
        self.capturedAt = capturedAt
        self.captureDigest = captureDigest
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

/// Where a saved article's capture stands: its page fetched and kept for reading offline, or not.
public enum CaptureStatus: String, Codable, Sendable, Hashable {
    /// Never tried: saved before capture existed, a file from disk, or saved with capture turned off.
    case none = ""
    /// Saved, capture not finished (in progress, or interrupted: retry with `satchel capture ID`).
    case pending
    /// The readable copy (or the file) is kept.
    case captured
    /// The last try failed; `captureError` says why.
    case failed

    /// Reads a record's value; anything unknown (written by a later version) counts as none.
    public init(recordValue: String) {
        self = CaptureStatus(rawValue: recordValue) ?? .none
    }
}
