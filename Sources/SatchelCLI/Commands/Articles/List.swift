import ArgumentParser
import SatchelClient
import Foundation

/// `satchel list`: the reading list.
struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List saved articles (not archived ones, unless asked).",
        discussion: """
            FLAGS shows ★ for a favorite, A for archived, P for a linked post of your server.

            Example:
              satchel list --tag longread --unread
              satchel list --archived --json
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: "Only articles with this tag.") var tag: String?
    @Flag(help: "Only archived articles.") var archived = false
    @Flag(help: "Archived and unarchived articles.") var all = false
    @Flag(help: "Only favorites.") var favorites = false
    @Flag(help: "Only articles not started (progress 0%).") var unread = false

    func validate() throws {
        if archived && all { throw ValidationError("Use --archived or --all, not both.") }
    }

    func run() async throws {
        let session = try Session.open(options)
        let wanted = tag?.trimmingCharacters(in: .whitespaces).lowercased()
        let items = try session.store.articles().filter { item in
            let a = item.value
            return (all || a.archived == archived) && (!favorites || a.favorite) && (!unread || a.readingProgress == 0)
                && (wanted.map { a.tags.contains($0) } ?? true)
        }
        try session.emit(items.map { WithState(value: $0.value, syncState: $0.state.rawValue) }) {
            items.isEmpty ? "No saved articles match." : ArticleFormat.table(items)
        }
    }
}
