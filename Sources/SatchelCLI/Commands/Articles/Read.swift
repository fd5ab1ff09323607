import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel read ID`: shows a saved article's captured text (through a pager on a terminal), its HTML, or
/// opens it in the browser; offline once the readable copy is on this machine.
struct Read: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a saved article: its captured text, offline once it is on this machine.",
        discussion: """
            Shows the readable copy `satchel save` captured: headings, lists, quotes, image captions, and \
            links as numbered notes at the end; through $PAGER (default `less`) when writing to a terminal. \
            --html writes the sanitized HTML instead; --open writes a page with the images from this \
            machine's cache and opens it in the browser ($SATCHEL_OPENER, else xdg-open). Copies captured \
            on another machine are fetched after a sync. A linked post of your server shows its text.

            Example:
              satchel read 3f2a
              satchel read 3f2a --open
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's id, or the short id a list shows.") var id: String
    @Flag(help: "Write the readable copy's sanitized HTML.") var html = false
    @Flag(help: "Open the readable copy in the browser, images from this machine.") var open = false

    func validate() throws {
        if html && open { throw ValidationError("Use --html or --open, not both.") }
    }

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
        if article.captureDigest != nil {
            return try await readCapture(article, session: session)
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
                let reason = switch article.captureStatus {
                case .failed: "Its capture failed (\(article.captureError)); retry with `satchel capture \(IDResolver.short(article.id))`."
                case .pending: "Its capture has not finished; run `satchel capture \(IDResolver.short(article.id))`."
                case .none, .captured: "Its page was saved without a copy; run `satchel capture \(IDResolver.short(article.id))` to keep one."
                }
                return "\(article.title)\n\(article.url)\n\n" + reason
            }
            let progress = article.readingProgress > 0 ? " · \(ArticleFormat.percent(article.readingProgress)) read" : ""
            return "\(article.title)\n\(cached.readingTimeMinutes) min read\(progress) · \(article.url)\n\n\(cached.body)"
        }
    }
}
