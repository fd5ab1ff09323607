import Foundation

/// A passage a reader marked in a saved article, with an optional note: private to its account, synced
/// between its machines. It is anchored the W3C Web Annotation way: by the quote with its context (a
/// TextQuoteSelector: `exact`, `prefix`, `suffix`) and by its position in the plain text of the capture
/// it was made on (a TextPositionSelector: `start`, `end`, with that capture's digest).
public struct Highlight: Codable, Sendable, Hashable, Identifiable {
    /// Client-made identifier.
    public var id: UUID
    /// The saved article it marks.
    public var articleId: UUID
    /// The marked text, as it was.
    public var exact: String
    /// Up to 32 characters before it.
    public var prefix: String
    /// Up to 32 characters after it.
    public var suffix: String
    /// Where it began in the capture's plain text, in Unicode scalars.
    public var start: Int
    /// Where it ended (exclusive).
    public var end: Int
    /// The digest of the capture (its `article.json`) it was made on.
    public var captureDigest: String?
    /// Which of the passages repeating its quote with the same context it was (0: the first).
    public var repeatIndex: Int
    /// Its color's name (``HighlightColor``).
    public var color: String
    /// The reader's note on it (merged three-way, as drafts are).
    public var note: String
    /// When it was made.
    public var createdAt: Date
    /// When any field last changed.
    public var updatedAt: Date
    /// Tombstone flag.
    public var deleted: Bool

    /// Creates a highlight value.
    public init(
        id: UUID, articleId: UUID, exact: String, prefix: String = "", suffix: String = "", start: Int = 0, end: Int = 0,
        captureDigest: String? = nil, repeatIndex: Int = 0, color: String = HighlightColor.yellow.rawValue,
        note: String = "", createdAt: Date, updatedAt: Date, deleted: Bool = false
    ) {
        self.repeatIndex = repeatIndex
        self.id = id
        self.articleId = articleId
        self.exact = exact
        self.prefix = prefix
        self.suffix = suffix
        self.start = start
        self.end = end
        self.captureDigest = captureDigest
        self.color = color
        self.note = note
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deleted = deleted
    }

    /// The article id of a record that names none (it cannot be created so; a damaged record reads so).
    public static let noArticle = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// Reads a highlight from its synced record's fields (missing or mistyped fields take their defaults).
    public init(id: UUID, fields f: [String: JSONValue], updatedAt: Date, deleted: Bool) {
        self.init(
            id: id, articleId: f["articleId"]?.stringValue.flatMap(UUID.init(uuidString:)) ?? Highlight.noArticle,
            exact: f["exact"]?.stringValue ?? "", prefix: f["prefix"]?.stringValue ?? "",
            suffix: f["suffix"]?.stringValue ?? "", start: Int(min(max(f["start"]?.numberValue ?? 0, 0), 100_000_000)),
            end: Int(min(max(f["end"]?.numberValue ?? 0, 0), 100_000_000)), captureDigest: f["captureDigest"]?.stringValue,
            repeatIndex: Int(min(max(f["repeatIndex"]?.numberValue ?? 0, 0), 100_000)),
            color: f["color"]?.stringValue ?? HighlightColor.yellow.rawValue, note: f["note"]?.stringValue ?? "",
            createdAt: f["createdAt"]?.stringValue.flatMap(SatchelJSON.date(from:)) ?? updatedAt,
            updatedAt: updatedAt, deleted: deleted)
    }
}

/// The colors a highlight may have.
public enum HighlightColor: String, Codable, Sendable, CaseIterable {
    /// The default.
    case yellow
    /// Green.
    case green
    /// Blue.
    case blue
    /// Pink.
    case pink
    /// Purple.
    case purple
}
