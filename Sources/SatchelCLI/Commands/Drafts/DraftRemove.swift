import ArgumentParser
import SatchelClient
import Foundation

/// `satchel draft remove ID`: deletes a draft on every machine.
struct DraftRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Delete a draft (on every machine, after sync).",
        discussion: """
            Example:
              satchel draft remove 7c1e
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The draft's id, or the short id a list shows.") var id: String

    func run() async throws {
        let session = try Session.open(options)
        let draftId = try session.draftId(id)
        try session.store.deleteDraft(draftId)
        let outcome = await session.syncAfterChange()
        struct Removed: Encodable { var id: UUID; var removed: Bool }
        try session.emit(ChangeReport(record: Removed(id: draftId, removed: true), sync: outcome)) {
            "Removed draft \(IDResolver.short(draftId)).\n\(outcome.message)"
        }
    }
}
