import ArgumentParser
import SatchelClient
import Foundation

/// `satchel note ID [TEXT]`: replaces the private note of an article or of a highlight: from TEXT, from
/// standard input, or in the reader's editor.
struct Note: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set the private note of a saved article or a highlight (TEXT, standard input, or $EDITOR).",
        discussion: """
            Without TEXT and with nothing piped in, the note opens in $VISUAL or $EDITOR, as drafts do. An \
            empty TEXT ("") clears the note. Notes edited on two machines merge line by line.

            Example:
              satchel note 3f2a "Read the second half again."
              pbpaste | satchel note 3f2a
              satchel note 3f2a            # edit it in $EDITOR
              satchel note 9c1d "Why?"     # the note of a highlight
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's or highlight's id, or the short id a list shows.") var id: String
    @Argument(help: "The note (default: standard input, or the editor).") var text: String?

    func run() async throws {
        let session = try Session.open(options)
        let console = Console.current
        if let articleId = try? session.articleId(id) {
            let current = try session.store.article(articleId)?.value.note ?? ""
            let note = try text ?? Self.fromInput(console: console, current: current)
            let article = try session.store.setNote(articleId, note)
            let short = IDResolver.short(article.id)
            try await session.reportArticleChange(article.id, note.isEmpty ? "Cleared the note of \(short)." : "Noted on \(short).")
            return
        }
        let highlightId: UUID
        do {
            highlightId = try session.highlightId(id)
        } catch {
            // Neither: the article's error is the one readers expect.
            _ = try session.articleId(id)
            throw error
        }
        let current = try session.store.highlight(highlightId)?.note ?? ""
        let note = try text ?? Self.fromInput(console: console, current: current)
        let changed = try session.store.updateHighlight(highlightId, note: note)
        _ = await session.syncAfterChange()
        let short = IDResolver.short(changed.id)
        try session.emit(changed) { note.isEmpty ? "Cleared the note of highlight \(short)." : "Noted on highlight \(short)." }
    }

    /// Piped text (its last line break dropped), or the editor on the current note when input is a terminal.
    static func fromInput(console: Console, current: String) throws -> String {
        if let piped = console.readInput() { return piped.trimmingCharacters(in: .newlines) }
        guard console.inputIsTerminal else {
            throw CLIError("Give the note as TEXT or on standard input.", exitCode: ExitStatus.usage)
        }
        return try TextInput.edit(current).trimmingCharacters(in: .newlines)
    }
}
