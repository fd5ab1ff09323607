import ArgumentParser
import SatchelClient
import Foundation

/// `satchel archive ID`: puts an article away (or back with `--undo`).
struct Archive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Archive a saved article (or unarchive it with --undo).",
        discussion: """
            Example:
              satchel archive 3f2a
              satchel archive 3f2a --undo
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's id, or the short id a list shows.") var id: String
    @Flag(help: "Unarchive instead.") var undo = false

    func run() async throws {
        let session = try Session.open(options)
        let article = try session.store.archive(try session.articleId(id), !undo)
        try await session.reportArticleChange(
            article.id, "\(undo ? "Unarchived" : "Archived") \(IDResolver.short(article.id)) \"\(article.title)\".")
    }
}
