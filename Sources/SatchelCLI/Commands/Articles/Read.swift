import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel read ID`: prints a saved article's text with its reading time, offline when cached.
struct Read: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a saved article's text and reading time (offline once cached).",
        discussion: """
            The text of a linked post of your server is kept when it is saved, or fetched at the first sync \
            on another machine, and then reads without a network. Other pages are not fetched: open their \
            address in a browser.

            Example:
              satchel read 3f2a
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's id, or the short id a list shows.") var id: String

    struct Reading: Encodable {
        var id: UUID
        var title: String
        var url: String
        var readingTimeMinutes: Int?
        var body: String?
        var cached: Bool
    }

    func run() async throws {
        let session = try Session.open(options)
        let articleId = try session.articleId(id)
        guard let article = try session.store.article(articleId)?.value else {
            throw CLIError("No saved article \(id).", exitCode: ExitStatus.notFound)
        }
        var cached = try session.store.cachedBody(for: articleId)
        if cached == nil, let postId = article.postId {
            do {
                let post = try await session.serverAPI().post(idOrSlug: postId.uuidString)
                try session.store.cacheBody(post.body, readingTimeMinutes: post.readingTimeMinutes, for: articleId)
                cached = try session.store.cachedBody(for: articleId)
            } catch let error as TransportError {
                if case .network = error {
                    throw CLIError(
                        "The text of \"\(article.title)\" is not on this machine yet and the server is not reachable; "
                            + "it is kept after the next successful `satchel sync`.", exitCode: ExitStatus.unavailable)
                }
                throw CLIError.from(error)
            }
        }
        let reading = Reading(
            id: articleId, title: article.title, url: article.url, readingTimeMinutes: cached?.readingTimeMinutes,
            body: cached?.body, cached: cached != nil)
        try session.emit(reading) {
            guard let cached else {
                return "\(article.title)\n\(article.url)\n\n"
                    + "This page is not a post of your server, so its text is not kept; open the address to read it."
            }
            let progress = article.readingProgress > 0 ? " · \(ArticleFormat.percent(article.readingProgress)) read" : ""
            return "\(article.title)\n\(cached.readingTimeMinutes) min read\(progress) · \(article.url)\n\n\(cached.body)"
        }
    }
}
