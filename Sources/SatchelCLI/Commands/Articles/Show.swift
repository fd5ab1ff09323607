import ArgumentParser
import SatchelClient
import Foundation

/// `satchel show ID`: one saved article in full.
struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one saved article.",
        discussion: """
            ID may be the short id `satchel list` shows, or any unique start or end of the full id.

            Example:
              satchel show 3f2a
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's id, or the short id a list shows.") var id: String

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
