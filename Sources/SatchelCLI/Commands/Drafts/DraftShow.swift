import ArgumentParser
import SatchelClient
import Foundation

/// `satchel draft show ID`: one draft with its text.
struct DraftShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a draft and its text.",
        discussion: """
            Example:
              satchel draft show 7c1e
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The draft's id, or the short id a list shows.") var id: String

    func run() async throws {
        let session = try Session.open(options)
        guard let item = try session.store.draft(try session.draftId(id)) else {
            throw CLIError("No draft \(id).", exitCode: ExitStatus.notFound)
        }
        try session.emit(WithState(value: item.value, syncState: item.state.rawValue)) { DraftFormat.detail(item) }
    }
}
