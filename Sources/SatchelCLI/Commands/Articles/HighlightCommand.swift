import ArgumentParser
import Foundation
import SatchelClient
import SatchelShared

/// `satchel highlight ID "quote"`: marks a passage of a saved article, with a note and a color; or, given
/// a highlight's id and no quote, changes its note or color.
struct HighlightCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "highlight",
        abstract: "Highlight a passage of a saved article, or change a highlight's note or color.",
        discussion: """
            The quote is found in the article's readable copy (spaces, curly quotes and the like do not \
            matter). If it is not there, or is there more than once, the error says so and shows each place \
            with its context: --occurrence N picks one. Highlights sync to your other machines and stay on \
            their passage when the page is captured again; one whose passage is gone is kept as an orphan \
            (`satchel highlights --orphans`). Colors: \(HighlightColor.allCases.map(\.rawValue).joined(separator: ", ")).

            Example:
              satchel highlight 3f2a "the boats rocked gently" --note "Lovely" --color green
              satchel highlight 3f2a "the answer was no" --occurrence 2
              satchel highlight 9c1d --color blue
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's id (or, to change a highlight, the highlight's id).") var id: String
    @Argument(help: "The passage to highlight, as it reads.") var quote: String?
    @Option(help: "A note on the passage.") var note: String?
    @Option(help: ArgumentHelp("The color.", valueName: "name")) var color: String?
    @Option(help: "Which place, when the quote is in the text more than once (1 is the first).") var occurrence: Int?

    func run() async throws {
        let session = try Session.open(options)
        var chosenColor: HighlightColor?
        if let color {
            guard let known = HighlightColor(rawValue: color.lowercased()) else {
                throw CLIError(
                    "--color must be one of \(HighlightColor.allCases.map(\.rawValue).joined(separator: ", ")).", exitCode: ExitStatus.usage)
            }
            chosenColor = known
        }
        guard let quote else {
            guard note != nil || chosenColor != nil else {
                throw CLIError("Give the passage to highlight, or --note or --color to change a highlight.", exitCode: ExitStatus.usage)
            }
            let highlightId = try session.highlightId(id)
            let changed = try session.store.updateHighlight(highlightId, note: note, color: chosenColor)
            _ = await session.syncAfterChange()
            try session.emit(changed) { "Changed highlight \(IDResolver.short(changed.id)) \"\(Highlights.snippet(changed.exact))\"." }
            return
        }
        guard !quote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CLIError("The passage to highlight is empty.", exitCode: ExitStatus.usage)
        }
        let articleId = try session.articleId(id)
        let made: Highlight
        do {
            made = try await session.store.addHighlight(
                to: articleId, quote: quote, occurrence: occurrence, note: note ?? "", color: chosenColor ?? .yellow)
        } catch let error as HighlightQuoteError {
            throw CLIError(error.description, exitCode: ExitStatus.usage)
        }
        _ = await session.syncAfterChange()
        try session.emit(made) {
            "Highlighted \"\(Highlights.snippet(made.exact))\" (\(IDResolver.short(made.id)), \(made.color))."
        }
    }
}

/// `satchel unhighlight ID`: removes a highlight.
struct Unhighlight: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove a highlight (on every machine, after sync).",
        discussion: """
            The highlight's id is the short id `satchel highlights` shows. The article and its note stay.

            Example:
              satchel unhighlight 9c1d
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The highlight's id, or the short id `satchel highlights` shows.") var id: String

    func run() async throws {
        let session = try Session.open(options)
        let highlightId = try session.highlightId(id)
        let removed = try session.store.highlight(highlightId)
        try session.store.deleteHighlight(highlightId)
        _ = await session.syncAfterChange()
        try session.emit(["removed": highlightId.uuidString.lowercased()]) {
            "Removed highlight \(IDResolver.short(highlightId))" + (removed.map { " \"\(Highlights.snippet($0.exact))\"" } ?? "") + "."
        }
    }
}
