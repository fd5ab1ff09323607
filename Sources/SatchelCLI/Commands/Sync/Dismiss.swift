import ArgumentParser
import Foundation
import SatchelClient

/// `satchel dismiss ID` / `--all`: forgets changes the server refused, once their reasons have been read.
struct Dismiss: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Forget a change the server refused (listed by `satchel status`), or all of them.",
        discussion: """
            A refused change stays listed until it is dismissed; the record itself keeps what the server holds. \
            Works offline: it changes only this machine's list.

            Example:
              satchel status            # Refused by the server: 1a2b3c4d  comment 9f8e7d6c: post not found
              satchel dismiss 1a2b3c4d
              satchel dismiss --all
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The refused change's id, or the short id `satchel status` shows.") var id: String?
    @Flag(help: "Dismiss every refused change.") var all = false

    func validate() throws {
        if (id == nil) == !all { throw ValidationError("Give a refused change's id, or --all.") }
    }

    func run() async throws {
        let session = try Session.open(options)
        let refused = try session.store.deadLetters().map(\.mutation.id)
        let dismissed = all ? refused : [try IDResolver.resolve(id ?? "", among: refused, kind: "refused change")]
        for mutationId in dismissed { try session.store.dismissDeadLetter(mutationId) }
        struct Dismissed: Encodable { var dismissed: [UUID] }
        try session.emit(Dismissed(dismissed: dismissed)) {
            dismissed.count == 1
                ? "Dismissed refused change \(IDResolver.short(dismissed[0]))."
                : "Dismissed \(dismissed.count) refused changes."
        }
    }
}
