import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel conflicts`: edits that could not merge, with both values kept.
struct Conflicts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List open conflicts: changes from two machines that could not merge, both values kept.",
        discussion: """
            "mine" is this machine's value, "theirs" the other machine's. Resolve from any machine; the \
            resolution syncs everywhere.

            Example:
              satchel conflicts
              satchel resolve 0b7e --keep both
            """)

    @OptionGroup var options: GlobalOptions

    struct Entry: Encodable {
        var conflict: ConflictRecord
        var recordTitle: String?
        var mine: JSONValue
        var theirs: JSONValue
    }

    func run() async throws {
        let session = try Session.open(options)
        let entries = try session.store.conflicts().map { conflict in
            let (mine, theirs) = Self.sides(conflict, clientId: session.store.clientId)
            return Entry(conflict: conflict, recordTitle: try Self.title(conflict, session), mine: mine, theirs: theirs)
        }
        try session.emit(entries) {
            entries.isEmpty ? "No open conflicts." : entries.map(Self.describe).joined(separator: "\n")
        }
    }

    /// This machine's value and the other's, as `resolve --keep mine|theirs` means them.
    static func sides(_ conflict: ConflictRecord, clientId: String) -> (mine: JSONValue, theirs: JSONValue) {
        conflict.clientId == clientId ? (conflict.remote, conflict.local) : (conflict.local, conflict.remote)
    }

    private static func title(_ conflict: ConflictRecord, _ session: Session) throws -> String? {
        switch conflict.entity {
        case .savedArticle: try session.store.article(conflict.recordId)?.value.title
        case .draft:
            try session.store.draft(conflict.recordId).map { $0.value.title.isEmpty ? "(untitled)" : $0.value.title }
        default: nil
        }
    }

    private static func describe(_ entry: Entry) -> String {
        let c = entry.conflict
        let what = "\(c.entity.rawValue) \(IDResolver.short(c.recordId))" + (entry.recordTitle.map { " \"\($0)\"" } ?? "")
        return """
            \(IDResolver.short(c.id))  \(what) · field \(c.field) · \(SatchelJSON.string(from: c.createdAt))
              mine:   \(show(entry.mine))
              theirs: \(show(entry.theirs))
              kept:   \(show(c.kept))
              resolve: satchel resolve \(IDResolver.short(c.id)) --keep mine|theirs|both, or --value TEXT

            """
    }

    private static func show(_ value: JSONValue) -> String {
        let text = value.stringValue ?? value.description
        return text.replacingOccurrences(of: "\n", with: "⏎ ").truncated(to: 200)
    }
}
