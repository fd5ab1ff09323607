import ArgumentParser
import SatchelClient
import Foundation

/// `satchel progress ID 0.4`: records how far the reader got.
struct Progress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record how far you got in an article: 0 to 1, or a percentage.",
        discussion: """
            When two machines record different progress, the larger one holds after sync.

            Example:
              satchel progress 3f2a 0.4
              satchel progress 3f2a 100%
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's id, or the short id a list shows.") var id: String
    @Argument(help: "From 0 to 1 (e.g. 0.4), or a percentage (e.g. 40%).") var value: String

    /// The progress `value` names, 0…1.
    static func parse(_ value: String) throws -> Double {
        let text = value.trimmingCharacters(in: .whitespaces)
        let parsed = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let progress = parsed, progress.isFinite, (0...1).contains(progress) else {
            throw ValidationError("The progress must be from 0 to 1 (e.g. 0.4) or a percentage (e.g. 40%), not '\(value)'.")
        }
        return progress
    }

    func validate() throws { _ = try Self.parse(value) }

    func run() async throws {
        let session = try Session.open(options)
        let article = try session.store.setProgress(try session.articleId(id), try Self.parse(value))
        let percent = ArticleFormat.percent(article.readingProgress)
        try await session.reportArticleChange(
            article.id, "Progress of \(IDResolver.short(article.id)) \"\(article.title)\": \(percent).")
    }
}
