import Foundation
import SatchelShared
import SatchelSync

/// Writes one pulled page into the store, inside the caller's transaction (which also moves the cursor).
///
/// A record this machine does not hold and has no pending edits for (every record of a first sync) is
/// inserted as the text it arrived in: its fields are never built nor encoded again. Every other change
/// goes through ``RecordRebase/applyPulled(_:to:pending:now:)`` with the stored record and pending edits.
enum PulledPageWriter {
    static func write(_ page: PullResponse, in tables: LocalTables, now: Date) throws {
        let records = tables.records, outbox = tables.outbox
        let anyPending = try !outbox.isEmpty()
        let ids = page.changes.map(\.recordId.text)
        var idsByEntity: [SyncEntity: [String]] = [:]
        for (change, id) in zip(page.changes, ids) { idsByEntity[change.entity, default: []].append(id) }
        let stored = try records.storedKeys(idsByEntity)
        let insert = try records.pulledTextWriter()
        let updatedAt = now.millis
        for (change, id) in zip(page.changes, ids) {
            let pending = anyPending ? try outbox.pending(change.entity, change.recordId) : []
            let isStored = stored.contains(RecordKey(entity: change.entity, id: change.recordId))
            if pending.isEmpty && !isStored && !change.deleted && change.recordIsObject {
                try insert.insert(
                    change.entity, id: id, text: change.recordText, version: change.version, updatedAtMillis: updatedAt)
                continue
            }
            let local = isStored ? try records.find(change.entity, change.recordId) : nil
            if let record = RecordRebase.applyPulled(try change.parsed(), to: local, pending: pending, now: now) {
                try records.save(record)
            } else {
                try records.remove(change.entity, change.recordId)
            }
        }
    }
}
