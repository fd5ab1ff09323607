import Foundation
import GRDB
import Shared

/// Writes one pulled page into the store, inside the caller's transaction (which also moves the cursor).
///
/// A record this machine does not hold and has no pending edits for (every record of a first sync) is
/// inserted as the text it arrived in: its fields are never built nor encoded again. Every other change
/// goes through ``RecordRebase/applyPulled(_:to:pending:now:)`` with the stored record and pending edits.
enum PulledPageWriter {
    static func write(_ page: PulledPage, in db: Database, now: Date) throws {
        let anyPending = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM outbox)") ?? true
        let ids = page.changes.map(\.recordId.text)
        let stored = try storedKeys(of: page, ids: ids, in: db)
        let insert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO records (entity, id, fields, base, base_version, deleted, updated_at)
            VALUES (?, ?, ?, NULL, ?, 0, ?)
            """)
        let updatedAt = Int64(now.timeIntervalSince1970 * 1000)
        for (change, id) in zip(page.changes, ids) {
            let pending = anyPending ? try LocalDatabase.pending(db, change.entity, change.recordId) : []
            let isStored = stored.contains(RecordKey(entity: change.entity, id: change.recordId))
            if pending.isEmpty && !isStored && !change.deleted && change.recordIsObject {
                try insert.execute(arguments: [change.entity.rawValue, id, change.recordText, change.version, updatedAt])
                continue
            }
            let local = isStored ? try LocalDatabase.record(db, change.entity, change.recordId) : nil
            if let record = RecordRebase.applyPulled(try change.parsed(), to: local, pending: pending, now: now) {
                try LocalDatabase.save(db, record)
            } else {
                try LocalDatabase.remove(db, change.entity, change.recordId)
            }
        }
    }

    /// Which of the page's records (`ids` are their ids as stored) the store holds: one query per entity
    /// and 500 ids.
    static func storedKeys(of page: PulledPage, ids: [String], in db: Database) throws -> Set<RecordKey> {
        var stored: Set<RecordKey> = []
        var idsByEntity: [SyncEntity: [String]] = [:]
        for (change, id) in zip(page.changes, ids) { idsByEntity[change.entity, default: []].append(id) }
        for (entity, ids) in idsByEntity {
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(start + 500, ids.count)]
                let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let found = try String.fetchAll(
                    db, sql: "SELECT id FROM records WHERE entity = ? AND id IN (\(placeholders))",
                    arguments: StatementArguments([entity.rawValue] + Array(chunk)))
                for text in found {
                    if let id = UUID(text: text) { stored.insert(RecordKey(entity: entity, id: id)) }
                }
            }
        }
        return stored
    }
}
