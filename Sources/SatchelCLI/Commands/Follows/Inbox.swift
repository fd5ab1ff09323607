import ArgumentParser
import Foundation
import SatchelClient
import SatchelShared

/// `satchel inbox`: what follows delivered to the inbox, to save from.
struct Inbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List posts your follows delivered to the inbox (follows made with --inbox).",
        discussion: """
            Inbox items are saved articles tagged `inbox`, not yet captured. Keep one in the reading list with \
            `satchel tag ID --remove inbox` and `satchel capture ID`; drop it with `satchel remove ID`.

            Example:
              satchel inbox
            """)

    @OptionGroup var options: GlobalOptions

    struct Entry: Encodable {
        var id: UUID
        var title: String
        var url: String
        var tags: [String]
        var savedAt: Date?
    }

    func run() async throws {
        let session = try Session.open(options)
        if !options.offline { _ = await session.syncAfterChange() }
        let items = try session.store.articles().map(\.value).filter { $0.tags.contains("inbox") && !$0.archived }
        let entries = items.map { Entry(id: $0.id, title: $0.title, url: $0.url, tags: $0.tags, savedAt: $0.savedAt) }
        try session.emit(entries) {
            entries.isEmpty
                ? "The inbox is empty."
                : entries.map { "\(IDResolver.short($0.id))  \($0.title)\n      \($0.url)" }.joined(separator: "\n")
        }
    }
}
