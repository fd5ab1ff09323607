import Foundation
import GRDB
import SatchelShared
import SatchelSync

/// The `records` table: each synced record's current fields, its base (the last state the server
/// confirmed) and base version, and tombstones of deleted records.
///
/// Statements here are prepared once per connection (`cachedStatement`): a pulled page reads and writes
/// hundreds of rows in one transaction.
struct RecordTable {
    let db: Database

    /// The record `id` of `entity`, tombstone included; `nil` when this machine never held it.
    func find(_ entity: SyncEntity, _ id: UUID) throws -> LocalRecord? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM records WHERE entity = ? AND id = ?"),
            arguments: [entity.rawValue, id.uuidString]
        ).map(Self.record(from:))
    }

    /// Every record of `entity`; tombstones only when `includeDeleted`.
    func all(_ entity: SyncEntity, includeDeleted: Bool = false) throws -> [LocalRecord] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM records WHERE entity = ?" + (includeDeleted ? "" : " AND deleted = 0")),
            arguments: [entity.rawValue]
        ).map(Self.record(from:))
    }

    /// Every live record of `entity` whose fields name a file (an attachment's or a capture's `sha256:`
    /// digest), read through the partial index of those rows (``LocalSchema``, v5): the pass over the files
    /// to keep after a sync reads no record that has none.
    func withFiles(_ entity: SyncEntity) throws -> [LocalRecord] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT * FROM records WHERE entity = ? AND deleted = 0 AND instr(fields, '"sha256:') > 0
                """),
            arguments: [entity.rawValue]
        ).map(Self.record(from:))
    }

    /// The stored fields text of each live conflict record not marked resolved. Resolved ones stay as
    /// records and outnumber the open ones; SQLite skips them without their fields being decoded, and the
    /// open ones are decoded once, straight from this text (``ConflictRecord/init(fieldsText:)``).
    func unresolvedConflictTexts() throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: """
                SELECT fields FROM records WHERE entity = ? AND deleted = 0 AND json_extract(fields, '$.resolved') IS NOT 1
                """),
            arguments: [SyncEntity.conflict.rawValue]
        )
    }

    /// The ids of every live record of `entity` (tombstones left out), in no particular order: a listing
    /// that needs only the ids reads no fields.
    func liveIds(_ entity: SyncEntity) throws -> [UUID] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM records WHERE entity = ? AND deleted = 0"),
            arguments: [entity.rawValue]
        ).map { text in
            guard let id = UUID(text: text) else {
                throw LocalStoreError.invalid("corrupt record: the records row \(entity.rawValue) \(text) does not decode")
            }
            return id
        }
    }

    /// Inserts or replaces `record`.
    func save(_ record: LocalRecord) throws {
        // A synced record without local edits has base == fields: store the text once (NULL base).
        let base = record.baseVersion != nil && record.base == record.fields ? nil : record.base.map(LocalCoding.encode)
        try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO records (entity, id, fields, base, base_version, deleted, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                record.entity.rawValue, record.id.uuidString, LocalCoding.encode(record.fields),
                base, record.baseVersion, record.deleted,
                record.updatedAt.millis,
            ])
    }

    /// A statement, prepared once per page, that stores pulled records as the JSON text they arrived in:
    /// the fast path of an initial sync, where the fields are never built nor encoded again.
    func pulledTextWriter() throws -> PulledTextWriter {
        PulledTextWriter(statement: try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO records (entity, id, fields, base, base_version, deleted, updated_at)
            VALUES (?, ?, ?, NULL, ?, 0, ?)
            """))
    }

    /// Forgets the record entirely (no tombstone).
    func remove(_ entity: SyncEntity, _ id: UUID) throws {
        try db.cachedStatement(sql: "DELETE FROM records WHERE entity = ? AND id = ?")
            .execute(arguments: [entity.rawValue, id.uuidString])
    }

    /// Which of `ids` (ids as stored, grouped by entity) the table holds: one query per entity, its ids
    /// passed as one JSON array, so that the statement is compiled once per connection whatever the count.
    func storedKeys(_ idsByEntity: [SyncEntity: [String]]) throws -> Set<RecordKey> {
        var stored: Set<RecordKey> = []
        for (entity, ids) in idsByEntity where !ids.isEmpty {
            let found = try String.fetchAll(
                db.cachedStatement(sql: "SELECT id FROM records WHERE entity = ? AND id IN (SELECT value FROM json_each(?))"),
                arguments: [entity.rawValue, JSONValue.array(ids.map(JSONValue.string)).jsonText])
            for text in found {
                if let id = UUID(text: text) { stored.insert(RecordKey(entity: entity, id: id)) }
            }
        }
        return stored
    }

    /// Records the server confirmed at least once and that have no pending edits: those a full re-read
    /// may find gone from the server.
    func syncedWithoutPendingEdits() throws -> [RecordKey] {
        try Row.fetchAll(db, sql: """
            SELECT entity, id FROM records r WHERE base_version IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = r.entity AND o.record_id = r.id)
            """).map { row in
            guard let entity = SyncEntity(rawValue: row["entity"]), let id = UUID(uuidString: row["id"]) else {
                throw Self.corrupt(row)
            }
            return RecordKey(entity: entity, id: id)
        }
    }

    private static func record(from row: Row) throws -> LocalRecord {
        // A corrupt row fails the read rather than become a record of another kind or a fresh random id.
        guard let entity = SyncEntity(rawValue: row["entity"]), let id = UUID(uuidString: row["id"]) else {
            throw corrupt(row)
        }
        let fields = try LocalCoding.fields(row["fields"])
        let baseVersion: Int? = row["base_version"]
        let base = try (row["base"] as String?).map { try LocalCoding.fields($0) } ?? (baseVersion == nil ? nil : fields)
        return LocalRecord(
            entity: entity,
            id: id,
            fields: fields, base: base, baseVersion: baseVersion, deleted: row["deleted"],
            updatedAt: Date(millis: row["updated_at"]))
    }

    private static func corrupt(_ row: Row) -> LocalStoreError {
        let entity: String = row["entity"] ?? "?"
        let id: String = row["id"] ?? "?"
        return .invalid("corrupt record: the records row \(entity) \(id) does not decode")
    }
}

/// Stores pulled records, synced and without local edits, as their JSON text (see
/// ``RecordTable/pulledTextWriter()``); valid inside the transaction that made it.
struct PulledTextWriter {
    let statement: Statement

    /// Inserts or replaces the record; `id` is the id as stored (``UUID/text``).
    func insert(_ entity: SyncEntity, id: String, text: String, version: Int, updatedAtMillis: Int64) throws {
        try statement.execute(arguments: [entity.rawValue, id, text, version, updatedAtMillis])
    }
}
