import SatchelClient
import Foundation
import SatchelShared

/// How drafts read in text output.
enum DraftFormat {
    /// The list's table.
    static func table(_ drafts: [Synced<Draft>]) -> String {
        TextTable(
            headers: ["ID", "STATE", "KIND", "UPDATED", "TITLE"],
            rows: drafts.map { item in
                let d = item.value
                let title = d.title.isEmpty ? String(d.body.split(separator: "\n").first ?? "(empty)") : d.title
                return [IDResolver.short(d.id), item.state.rawValue, d.kind.rawValue, SatchelJSON.string(from: d.updatedAt),
                        title.truncated(to: 60)]
            }
        ).render()
    }

    /// A draft's header lines, a blank line, and its body.
    static func detail(_ item: Synced<Draft>) -> String {
        let d = item.value
        var lines = [
            d.title.isEmpty ? "(untitled)" : d.title,
            "  id       \(d.id.uuidString.lowercased())",
            "  kind     \(d.kind.rawValue)",
            "  state    \(item.state.rawValue)",
        ]
        if let postId = d.postId { lines.append("  post     \(postId.uuidString.lowercased())") }
        if !d.tags.isEmpty { lines.append("  tags     \(d.tags.joined(separator: ", "))") }
        lines.append("  updated  \(SatchelJSON.string(from: d.updatedAt))")
        return lines.joined(separator: "\n") + "\n\n" + d.body + (d.body.hasSuffix("\n") ? "" : "\n")
    }
}

extension Session {
    /// After a change to one draft: try to sync, then print what happened.
    func reportDraftChange(_ id: UUID, _ text: String) async throws {
        let outcome = await syncAfterChange()
        let record = try store.draft(id).map { WithState(value: $0.value, syncState: $0.state.rawValue) }
        try emit(ChangeReport(record: record, sync: outcome)) { text + "\n" + outcome.message }
    }
}
