import Foundation
import SatchelShared

/// One article an export file lists, in the terms Satchel keeps.
public struct ImportItem: Sendable, Equatable {
    /// The address, as written in the file.
    public var url: String
    /// The title, when the file has one.
    public var title: String?
    /// When it was saved, when the file says.
    public var savedAt: Date?
    /// Its labels (folders of a bookmarks file count as labels).
    public var tags: [String]
    /// Read and put away.
    public var archived: Bool
    /// Starred.
    public var favorite: Bool
    /// A note or the passage the reader kept.
    public var note: String
    /// How far the reader got, 0...1, when the file says.
    public var readingProgress: Double?
    /// The readable copy the file holds, when it has one (wallabag, Omnivore).
    public var content: ImportContent?
    /// The whole article, from a Satchel export: every field is restored from it.
    public var record: SavedArticle?
    /// Its highlights, from a Satchel export.
    public var highlights: [Highlight] = []

    /// Creates an item.
    public init(
        url: String, title: String? = nil, savedAt: Date? = nil, tags: [String] = [], archived: Bool = false,
        favorite: Bool = false, note: String = "", readingProgress: Double? = nil, content: ImportContent? = nil,
        record: SavedArticle? = nil
    ) {
        self.record = record
        self.readingProgress = readingProgress
        self.content = content
        self.url = url
        self.title = title
        self.savedAt = savedAt
        self.tags = tags
        self.archived = archived
        self.favorite = favorite
        self.note = note
    }
}

/// An entry of an export file that cannot become an article, and why.
public struct RefusedEntry: Sendable, Equatable {
    /// Where it is: `line 12`, `row 4`, `entry 7`.
    public var place: String
    /// What it names (its address, shortened).
    public var url: String
    /// Why it is refused.
    public var reason: String

    /// Creates a refusal.
    public init(place: String, url: String, reason: String) {
        self.place = place
        self.url = url
        self.reason = reason
    }
}

/// What reading an export file found.
public struct ImportDocument: Sendable, Equatable {
    /// The format it was read as.
    public var format: ImportFormat
    /// The articles, in file order.
    public var items: [ImportItem]
    /// Entries that are not articles (`javascript:` and `data:` addresses, unreadable rows).
    public var refused: [RefusedEntry]
    /// The archive the items' ``ImportContent/archived(entry:)`` content is in.
    public var archivePath: String?
}
