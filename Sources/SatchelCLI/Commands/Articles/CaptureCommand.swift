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
            the previous copy stays until the new one succeeds. --failed retries every article whose last \
            capture failed or was interrupted (or saved with --offline).

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
        let saver = try session.articleSaver()
        let ids = try id.map { [try session.articleId($0)] } ?? session.store.articlesNeedingCapture().map(\.id)
        var results: [Result] = []
        var lines: [String] = []
        for articleId in ids {
            let outcome = try await saver.capture(articleId)
            let article = outcome.article
            results.append(Result(
                id: article.id, title: article.title, captureStatus: article.captureStatus.rawValue,
                captureError: article.captureError))
            let short = IDResolver.short(article.id)
            if let failure = outcome.failure {
                lines.append("\(short) \"\(article.title)\": capture failed: \(failure.reason)")
            } else {
                lines.append("\(short) \"\(article.title)\": \(Save.captureSummary(article, failedImages: outcome.failedImages)).")
            }
        }
        if !ids.isEmpty { _ = await session.syncAfterChange() }
        if id != nil, let only = results.first, only.captureStatus == CaptureStatus.failed.rawValue {
            throw CLIError("\(lines[0]) The article stays saved; try again later.", exitCode: ExitStatus.unavailable)
        }
        try session.emit(results) {
            ids.isEmpty ? "Every saved page is captured." : lines.joined(separator: "\n")
        }
    }
}
