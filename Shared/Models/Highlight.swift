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
    /// How many passages of that capture repeated its quote with the same context, itself included.
    public var repeatCount: Int
    /// How many times the quote's words appeared in that capture's text, whatever their context.
    public var occurrences: Int
    /// At how many places of that capture the quote's words appeared with at most one character in six changed.
    public var nearOccurrences: Int
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
        captureDigest: String? = nil, repeatIndex: Int = 0, repeatCount: Int = 1, occurrences: Int = 1,
        nearOccurrences: Int = 1, color: String = HighlightColor.yellow.rawValue,
        note: String = "", createdAt: Date, updatedAt: Date, deleted: Bool = false
    ) {
        self.repeatIndex = repeatIndex
        self.repeatCount = repeatCount
        self.occurrences = occurrences
        self.nearOccurrences = nearOccurrences
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
            repeatCount: Int(min(max(f["repeatCount"]?.numberValue ?? 1, 1), 100_000)),
            occurrences: Int(min(max(f["occurrences"]?.numberValue ?? 1, 1), 100_000)),
            nearOccurrences: Int(min(max(f["nearOccurrences"]?.numberValue ?? 1, 1), 100_000)),
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

extension Highlight {
    private enum CodingKeys: String, CodingKey {
        case id, articleId, exact, prefix, suffix, start, end, captureDigest, repeatIndex, repeatCount, occurrences
        case nearOccurrences, color, note, createdAt, updatedAt, deleted
    }

    /// Decodes a highlight; an export written before `repeatCount`, `occurrences` and `nearOccurrences`
    /// existed reads as a quote printed once.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(UUID.self, forKey: .id), articleId: try c.decode(UUID.self, forKey: .articleId),
            exact: try c.decode(String.self, forKey: .exact), prefix: try c.decode(String.self, forKey: .prefix),
            suffix: try c.decode(String.self, forKey: .suffix), start: try c.decode(Int.self, forKey: .start),
            end: try c.decode(Int.self, forKey: .end), captureDigest: try c.decodeIfPresent(String.self, forKey: .captureDigest),
            repeatIndex: try c.decode(Int.self, forKey: .repeatIndex),
            repeatCount: try c.decodeIfPresent(Int.self, forKey: .repeatCount) ?? 1,
            occurrences: try c.decodeIfPresent(Int.self, forKey: .occurrences) ?? 1,
            nearOccurrences: try c.decodeIfPresent(Int.self, forKey: .nearOccurrences) ?? 1,
            color: try c.decode(String.self, forKey: .color), note: try c.decode(String.self, forKey: .note),
            createdAt: try c.decode(Date.self, forKey: .createdAt), updatedAt: try c.decode(Date.self, forKey: .updatedAt),
            deleted: try c.decode(Bool.self, forKey: .deleted))
    }
}
