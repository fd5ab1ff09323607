import ArgumentParser
import Client
import Foundation

/// `satchel show ID`: one saved article in full.
struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one saved article.",
        discussion: """
            ID may be a unique prefix of the id `satchel list` shows.

            Example:
              satchel show 3f2a
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's id or a unique prefix of it.") var id: String

    func run() async throws {
        let session = try Session.open(options)
        let articleId = try session.articleId(id)
        guard let item = try session.store.article(articleId), let json = try session.articleJSON(articleId) else {
            throw CLIError("No saved article \(id).", exitCode: ExitStatus.notFound)
        }
        let cached = try session.store.cachedBody(for: articleId)
        try session.emit(json) { ArticleFormat.detail(item, cached: cached) }
    }
}
