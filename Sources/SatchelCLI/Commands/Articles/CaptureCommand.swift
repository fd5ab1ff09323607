import ArgumentParser
import Foundation
import SatchelClient
import SatchelPageCapture
import SatchelShared

/// `satchel capture ID` / `satchel capture --failed`: captures saved pages (again) for reading offline.
struct CaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Capture a saved article's page again, or every one whose capture failed or never finished.",
        discussion: """
            The page is fetched on this machine and its readable copy and images are kept with the article; \
            the previous copy stays until the new one succeeds. --failed captures every article whose last \
            capture failed or never finished (saved with --offline, imported): four at a time, at most one \
            request a second to each site, slower for a site that answers 429 or 503.

            Example:
              satchel capture 3f2a
              satchel capture --failed
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's id, or the short id a list shows.") var id: String?
    @Flag(help: "Retry every article whose capture failed or never finished.") var failed = false

    func validate() throws {
        if (id == nil) == !failed { throw ValidationError("Give an article id or --failed.") }
    }

    struct Result: Encodable {
        var id: UUID
        var title: String
        var captureStatus: String
        var captureError: String
    }

    func run() async throws {
        let session = try Session.open(options)
        guard let id else { return try await captureWaiting(session) }
        let outcome = try await session.articleSaver().capture(try session.articleId(id))
        let article = outcome.article
        _ = await session.syncAfterChange()
        let line = Self.line(article, failure: outcome.failure, failedImages: outcome.failedImages)
        if outcome.failure != nil {
            throw CLIError("\(line) The article stays saved; try again later.", exitCode: ExitStatus.unavailable)
        }
        try session.emit([Result(article)]) { line }
    }

    /// `--failed`: every article waiting, through the polite queue, a line (or a bar) as each ends.
    private func captureWaiting(_ session: Session) async throws {
        let console = Console.current
        let showBar = console.outputIsTerminal && !options.json
        let bar = ProgressBar()
        let queue = try session.captureQueue()
        let events = try await queue.run(onlyDue: false) { event in
            if showBar { console.out(bar.render(phase: "capture", done: event.done, total: event.total)) }
        }
        if showBar { console.out("\r\u{1B}[K") }
        if !events.isEmpty { _ = await session.syncAfterChange() }
        try session.emit(events.map { Result($0.article) }) {
            events.isEmpty
                ? "Every saved page is captured."
                : events.map { Self.line($0.article, failure: $0.failure, failedImages: $0.failedImages) }.joined(separator: "\n")
        }
    }

    static func line(_ article: SavedArticle, failure: CaptureFailure?, failedImages: Int) -> String {
        let short = IDResolver.short(article.id)
        if let failure { return "\(short) \"\(article.title)\": capture failed: \(failure.reason)" }
        return "\(short) \"\(article.title)\": \(Save.captureSummary(article, failedImages: failedImages))."
    }
}

extension CaptureCommand.Result {
    init(_ article: SavedArticle) {
        self.init(id: article.id, title: article.title, captureStatus: article.captureStatus.rawValue, captureError: article.captureError)
    }
}
