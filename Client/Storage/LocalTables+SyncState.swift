import Foundation
import GRDB
import SatchelShared

extension LocalTables {
    /// The sync state of one record, derived from the outbox, the dead letters and open conflicts.
    func syncState(_ entity: SyncEntity, _ id: UUID) throws -> RecordSyncState {
        if try outbox.hasPending(entity, id) { return .pending }
        if try deadLetters.contains(entity, id) { return .rejected }
        return try hasOpenConflict(on: id) ? .conflicted : .synced
    }

    /// Whether an unresolved conflict record names the record `id`.
    private func hasOpenConflict(on id: UUID) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM records WHERE entity = 'conflict' AND deleted = 0
                    AND json_extract(fields, '$.recordId') = ? AND json_extract(fields, '$.resolved') = 0)
                """),
            arguments: [id.uuidString]) ?? false
    }
}
