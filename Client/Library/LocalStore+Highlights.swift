import Foundation
import SatchelCapture
import SatchelPageCapture
import SatchelShared
import SatchelSync

/// Why a quote cannot be highlighted as given.
public enum HighlightQuoteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The article has no readable copy to highlight in.
    case noCopy(title: String)
    /// The quote is not in the text.
    case notFound(quote: String)
    /// The quote is in the text more than once: each place with some context, for `--occurrence N`.
    case ambiguous(quote: String, choices: [String])
    /// `--occurrence N` past the places found.
    case noSuchOccurrence(Int, count: Int)

    /// One sentence for the reader.
    public var description: String {
        switch self {
        case .noCopy(let title): "\"\(title)\" has no readable copy to highlight in; capture it first."
        case .notFound(let quote): "\"\(quote.prefix(80))\" is not in the article's text."
        case .ambiguous(let quote, let choices):
            "\"\(quote.prefix(80))\" is in the text \(choices.count) times; pick one with --occurrence N:\n"
                + choices.enumerated().map { "  \($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        case .noSuchOccurrence(let number, let count): "There is no occurrence \(number): the quote is in the text \(count) times."
        }
    }
}

/// A highlight and where it lands on its article's current capture.
public struct PlacedHighlight: Sendable {
    /// The highlight.
    public var highlight: Highlight
    /// Where it lands on the article's current readable copy (an orphan when nowhere with confidence).
    public var placement: Placement

    /// A highlight with its placement.
    public init(highlight: Highlight, placement: Placement) {
        self.highlight = highlight
        self.placement = placement
    }
}

extension LocalStore {
    /// Marks `quote` in the article's readable copy, with a note and a color. A quote found more than once
    /// needs `occurrence` (1-based) to say which.
    @discardableResult
    public func addHighlight(
        to articleId: UUID, quote: String, occurrence: Int? = nil, note: String = "", color: HighlightColor = .yellow
    ) async throws -> Highlight {
        guard let article = try article(articleId)?.value else { throw LocalStoreError.notFound("The article \(articleId)") }
        guard let copy = try await readableCopy(of: article), let digest = article.captureDigest else {
            throw HighlightQuoteError.noCopy(title: article.title)
        }
        let text = ReadableText.plain(fromHTML: copy.html)
        let places = QuoteAnchoring.occurrences(of: quote, in: text)
        guard !places.isEmpty else { throw HighlightQuoteError.notFound(quote: quote) }
        let chosen: Range<Int>
        if let occurrence {
            guard occurrence >= 1, occurrence <= places.count else {
                throw HighlightQuoteError.noSuchOccurrence(occurrence, count: places.count)
            }
            chosen = places[occurrence - 1]
        } else {
            guard places.count == 1 else {
                let choices = places.map { place -> String in
                    let context = TextQuote(range: place, in: text)
                    return "…\(context.prefix)[\(context.exact)]\(context.suffix)…".replacingOccurrences(of: "\n", with: " ")
                }
                throw HighlightQuoteError.ambiguous(quote: quote, choices: choices)
            }
            chosen = places[0]
        }
        let selector = TextQuote(range: chosen, in: text)
        let id = UUID.timeOrdered()
        let now = environment.now()
        let record = try write(.highlight, id, .create) { fields in
            fields["articleId"] = .string(articleId.uuidString)
            fields["exact"] = .string(selector.exact)
            fields["prefix"] = .string(selector.prefix)
            fields["suffix"] = .string(selector.suffix)
            fields["start"] = .number(Double(selector.start))
            fields["end"] = .number(Double(selector.end))
            fields["captureDigest"] = .string(digest.text)
            fields["repeatIndex"] = .number(Double(selector.repeatIndex))
            fields["repeatCount"] = .number(Double(selector.repeatCount))
            fields["occurrences"] = .number(Double(selector.occurrences))
            fields["nearOccurrences"] = .number(Double(selector.nearOccurrences))
            fields["color"] = .string(color.rawValue)
            fields["note"] = .string(note)
            fields["createdAt"] = .string(SatchelJSON.string(from: now))
        }
        return Self.highlight(from: record)
    }

    /// The live highlights, of one article or of all, in the order they were made.
    public func highlights(of articleId: UUID? = nil) throws -> [Highlight] {
        try database.read { tables in
            try tables.records.all(.highlight, includeDeleted: false).map(Self.highlight(from:))
        }
        .filter { articleId == nil || $0.articleId == articleId }
        .sorted { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) }
    }

    /// One live highlight.
    public func highlight(_ id: UUID) throws -> Highlight? {
        try database.read { try $0.records.find(.highlight, id) }.flatMap { $0.deleted ? nil : Self.highlight(from: $0) }
    }

    /// The article's highlights placed on its current readable copy (all orphans when it has none).
    public func placedHighlights(of article: SavedArticle) async throws -> [PlacedHighlight] {
        let highlights = try highlights(of: article.id)
        guard !highlights.isEmpty else { return [] }
        let text = try await readableCopy(of: article).map { ReadableText.plain(fromHTML: $0.html) }
        return highlights.map { highlight in
            guard let text else { return PlacedHighlight(highlight: highlight, placement: .orphan) }
            let quote = TextQuote(
                exact: highlight.exact, prefix: highlight.prefix, suffix: highlight.suffix, start: highlight.start, end: highlight.end,
                repeatIndex: highlight.repeatIndex, repeatCount: highlight.repeatCount, occurrences: highlight.occurrences,
                nearOccurrences: highlight.nearOccurrences)
            let same = highlight.captureDigest != nil && highlight.captureDigest == article.captureDigest?.text
            return PlacedHighlight(highlight: highlight, placement: QuoteAnchoring.place(quote, in: text, sameCapture: same))
        }
    }

    /// Changes a highlight's note or color.
    @discardableResult
    public func updateHighlight(_ id: UUID, note: String? = nil, color: HighlightColor? = nil) throws -> Highlight {
        Self.highlight(from: try write(.highlight, id, .update) { fields in
            if let note { fields["note"] = .string(note) }
            if let color { fields["color"] = .string(color.rawValue) }
        })
    }

    /// Removes a highlight (on every machine, after sync).
    public func deleteHighlight(_ id: UUID) throws {
        try write(.highlight, id, .delete) { _ in }
    }

    static func highlight(from record: LocalRecord) -> Highlight {
        Highlight(id: record.id, fields: record.fields, updatedAt: record.updatedAt, deleted: record.deleted)
    }
}
