import Foundation
import SatchelShared
@testable import SatchelClient

/// A fresh client database file in the temporary folder, removed with its WAL when the test ends.
final class LocalDatabaseFile: Sendable {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-storage-\(UUID()).sqlite").path

    /// Opens the file (again), as a restarted app would.
    func open() throws -> LocalDatabase { try LocalDatabase(path: path) }

    deinit {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// A mutation of the saved article `recordId` setting its title, stamped at `wall`.
func titleMutation(_ recordId: UUID, _ title: String, op: MutationOp = .update, wall: Int64 = 1_000) -> Mutation {
    Mutation(
        entity: .savedArticle, recordId: recordId, op: op, baseVersion: op == .create ? nil : 1,
        hlc: HLCTimestamp(wallMillis: wall, counter: 0, node: "test"),
        fields: ["title": FieldChange(base: nil, value: .string(title))])
}
