import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel posts`: the server's published posts, newest first.
struct Posts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the server's posts, newest first (filter by author, tag, or full-text search).",
        discussion: """
            Save one to your reading list with `satchel save SERVER/v1/posts/SLUG`.

            Example:
              satchel posts --author grace --tag swift
              satchel posts --search offline --limit 5
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "The author's username or id.") var author: String?
    @Option(help: "Only posts with this tag.") var tag: String?
    @Option(help: "Full-text search.") var search: String?
    @Option(help: "How many posts, 1–100.") var limit: Int = 20

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be from 1 to 100, not \(limit).") }
    }

    func run() async throws {
        let session = try Session.open(options)
        let api = try session.serverAPI()
        var authorId: UUID?
        if let author {
            authorId = UUID(uuidString: author)
            if authorId == nil {
                let name = author.lowercased()
                guard let match = try await session.recentPosts(api).first(where: { $0.author.username == name }) else {
                    throw CLIError("No author '\(author)' has published posts.", exitCode: ExitStatus.notFound)
                }
                authorId = match.author.id
            }
        }
        let page = try await api.posts(author: authorId, tag: tag, search: search, limit: limit)
        try session.emit(page.items) { page.items.isEmpty ? "No posts match." : PostFormat.table(page.items) }
    }
}
