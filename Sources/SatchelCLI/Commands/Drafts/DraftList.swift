import ArgumentParser
import SatchelClient
import Foundation

/// `satchel draft list`: every draft, most recently changed first.
struct DraftList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List drafts, most recently changed first.",
        discussion: """
            Example:
              satchel draft list
              satchel draft list --json
            """)

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let session = try Session.open(options)
        let drafts = try session.store.drafts()
        try session.emit(drafts.map { WithState(value: $0.value, syncState: $0.state.rawValue) }) {
            drafts.isEmpty ? "No drafts." : DraftFormat.table(drafts)
        }
    }
}
