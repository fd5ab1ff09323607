import ArgumentParser
import SatchelClient
import Foundation

/// `satchel note ID TEXT`: replaces an article's private note.
struct Note: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set the private note of a saved article (TEXT, or standard input).",
        discussion: """
            An empty TEXT ("") clears the note. Notes edited on two machines merge line by line.

            Example:
              satchel note 3f2a "Read the second half again."
              pbpaste | satchel note 3f2a
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's id, or the short id a list shows.") var id: String
    @Argument(help: "The note (default: read from standard input).") var text: String?

    func run() async throws {
        let session = try Session.open(options)
        let articleId = try session.articleId(id)
        guard let note = text ?? Console.current.readInput().map({ $0.trimmingCharacters(in: .newlines) }) else {
            throw CLIError("Give the note as TEXT or on standard input.", exitCode: ExitStatus.usage)
        }
        let article = try session.store.setNote(articleId, note)
        let short = IDResolver.short(article.id)
        let text = note.isEmpty ? "Cleared the note of \(short)." : "Noted on \(short)."
        try await session.reportArticleChange(article.id, text)
    }
}
