import ArgumentParser
import Foundation
import SatchelCapture
import SatchelClient
import SatchelShared

/// `satchel highlights [ID] [--orphans]`: lists highlights, placed on each article's current copy.
struct Highlights: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List highlights: of one article, or of all; --orphans lists those whose passage is gone.",
        discussion: """
            Each line shows the highlight's id, its color, the quote and its note. A highlight whose passage \
            is no longer in the article's current capture (the page changed) is an orphan: kept with its \
            quote, never moved onto other text.

            Example:
              satchel highlights 3f2a
              satchel highlights --orphans
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "Only this article's highlights.") var id: String?
    @Flag(help: "Only the highlights whose passage could not be found.") var orphans = false

    struct Entry: Encodable {
        var id: UUID
        var articleId: UUID
        var articleTitle: String
        var exact: String
        var note: String
        var color: String
        var placed: Bool
        var start: Int?
        var end: Int?
        var placedBy: String?
        var createdAt: Date
    }

    func run() async throws {
        let session = try Session.open(options)
        let articles: [SavedArticle]
        if let id {
            let articleId = try session.articleId(id)
            articles = try session.store.article(articleId).map { [$0.value] } ?? []
        } else {
            let ids = Set(try session.store.highlights().map(\.articleId))
            articles = try session.store.articles().map(\.value).filter { ids.contains($0.id) }.reversed()
        }
        var entries: [Entry] = []
        for article in articles {
            // Without a readable copy on this machine (nor a server to fetch it from), none can be placed.
            let unplaced = try session.store.highlights(of: article.id).map { PlacedHighlight(highlight: $0, placement: .orphan) }
            let placed = (try? await session.store.placedHighlights(of: article)) ?? unplaced
            for item in placed {
                var entry = Entry(
                    id: item.highlight.id, articleId: article.id, articleTitle: article.title, exact: item.highlight.exact,
                    note: item.highlight.note, color: item.highlight.color, placed: false, createdAt: item.highlight.createdAt)
                if case .placed(let start, let end, let method) = item.placement {
                    entry.placed = true
                    entry.start = start
                    entry.end = end
                    entry.placedBy = method.rawValue
                }
                if !orphans || !entry.placed { entries.append(entry) }
            }
        }
        try session.emit(entries) {
            guard !entries.isEmpty else { return orphans ? "No orphaned highlights." : "No highlights." }
            var lines: [String] = []
            var lastArticle: UUID?
            for entry in entries {
                if entry.articleId != lastArticle {
                    if lastArticle != nil { lines.append("") }
                    lines.append("\(IDResolver.short(entry.articleId))  \(entry.articleTitle)")
                    lastArticle = entry.articleId
                }
                let orphan = entry.placed ? "" : " (orphan: not in the current copy)"
                lines.append("  \(IDResolver.short(entry.id))  \(entry.color.padding(toLength: 6, withPad: " ", startingAt: 0)) \"\(Self.snippet(entry.exact))\"\(orphan)")
                if !entry.note.isEmpty { lines.append("      note: \(entry.note.replacingOccurrences(of: "\n", with: "\n            "))") }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// A quote on one line, shortened to 120 characters.
    static func snippet(_ quote: String) -> String {
        let line = quote.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line.count > 120 ? String(line.prefix(119)) + "…" : line
    }
}
