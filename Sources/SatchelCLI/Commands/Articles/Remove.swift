import ArgumentParser
import SatchelClient
import Foundation

/// `satchel remove ID`: deletes an article from the reading list on every machine.
struct Remove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove a saved article from the reading list (on every machine, after sync).",
        discussion: """
            If another machine edits the article before it hears of the removal, the edit is kept and a \
            conflict is recorded (see `satchel conflicts`).

            Example:
              satchel remove 3f2a
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's id, or the short id a list shows.") var id: String

    func run() async throws {
        let session = try Session.open(options)
        let articleId = try session.articleId(id)
        let title = try session.store.article(articleId)?.value.title ?? ""
        try session.store.deleteArticle(articleId)
        let outcome = await session.syncAfterChange()
        struct Removed: Encodable { var id: UUID; var removed: Bool }
        try session.emit(ChangeReport(record: Removed(id: articleId, removed: true), sync: outcome)) {
            "Removed \(IDResolver.short(articleId)) \"\(title)\".\n\(outcome.message)"
        }
    }
}
