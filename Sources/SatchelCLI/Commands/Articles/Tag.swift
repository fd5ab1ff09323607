import ArgumentParser
import SatchelClient
import Foundation

/// `satchel tag ID --add X --remove Y`: changes an article's labels.
struct Tag: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add or remove tags of a saved article.",
        discussion: """
            Tags are lower-cased. Tags added on one machine and removed on another both hold after sync.

            Example:
              satchel tag 3f2a --add longread --add essays --remove later
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The article's id, or the short id a list shows.") var id: String
    @Option(name: .customLong("add"), help: "A tag to add; repeat for several.") var added: [String] = []
    @Option(name: .customLong("remove"), help: "A tag to remove; repeat for several.") var removed: [String] = []

    func validate() throws {
        if added.isEmpty && removed.isEmpty { throw ValidationError("Give at least one --add or --remove.") }
    }

    func run() async throws {
        let session = try Session.open(options)
        let article = try session.store.tag(try session.articleId(id), add: added, remove: removed)
        let tags = article.tags.isEmpty ? "none" : article.tags.joined(separator: ", ")
        try await session.reportArticleChange(article.id, "Tags of \(IDResolver.short(article.id)): \(tags).")
    }
}
