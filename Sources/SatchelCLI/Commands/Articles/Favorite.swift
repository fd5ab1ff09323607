import ArgumentParser
import SatchelClient
import Foundation

/// `satchel favorite ID`: stars an article (or unstars it with `--undo`).
struct Favorite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark a saved article as a favorite (or not, with --undo).",
        discussion: """
            Example:
              satchel favorite 3f2a
              satchel list --favorites
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's id, or the short id a list shows.") var id: String
    @Flag(help: "Remove the mark instead.") var undo = false

    func run() async throws {
        let session = try Session.open(options)
        let article = try session.store.favorite(try session.articleId(id), !undo)
        let name = "\(IDResolver.short(article.id)) \"\(article.title)\""
        try await session.reportArticleChange(
            article.id, undo ? "\(name) is no longer a favorite." : "Marked \(name) as a favorite.")
    }
}
