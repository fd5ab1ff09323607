import Foundation
import GRDB
import Shared

/// The client's SQLite file: records with their bases, the change log, dead letters and sync metadata.
///
/// Every local write commits together with its change-log entry; every pulled page commits together
/// with the cursor that follows it. No transaction is ever held across network I/O: the sync engine
/// reads what to send, sends it without a transaction, then writes what came back.
final class LocalDatabase: Sendable {
    let queue: DatabaseQueue
    let fsyncEveryCommit: Bool

    /// Opens the file; `fsyncEveryCommit` (the default) makes each commit survive power loss, not only
    /// a crash of the process.
    init(path: String, fsyncEveryCommit: Bool = true) throws {
        self.fsyncEveryCommit = fsyncEveryCommit
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            // Checkpoint every ~16 MB of WAL rather than every 4 MB: a long initial sync writes pages in bursts.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
            try db.execute(sql: "PRAGMA cache_size = -16384")
            try db.execute(sql: fsyncEveryCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try LocalSchema.migrator.migrate(queue)
    }

    /// A write transaction for what the sync engine stores: pulled pages and adopted push results. These
    /// commit without waiting for the disk (`synchronous = NORMAL`): a power cut can only roll them back
    /// whole, with the cursor or outbox they belong to, and the next sync fetches or replays them again.
    /// The next local write's full sync makes them durable too.
    func syncWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let relax = fsyncEveryCommit
        return try await queue.writeWithoutTransaction { db in
            if relax { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            defer { if relax { try? db.execute(sql: "PRAGMA synchronous = FULL") } }
            var result: T?
            try db.inTransaction {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    // MARK: Metadata

    static func meta(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key])
    }

    static func setMeta(_ db: Database, _ key: String, _ value: String?) throws {
        if let value {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
                .execute(arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key])
        }
    }

    // MARK: Records

    static func record(_ db: Database, _ entity: SyncEntity, _ id: UUID) throws -> LocalRecord? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM records WHERE entity = ? AND id = ?"),
            arguments: [entity.rawValue, id.uuidString]
        ).map(record(from:))
    }

    static func records(_ db: Database, _ entity: SyncEntity, includeDeleted: Bool = false) throws -> [LocalRecord] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM records WHERE entity = ?" + (includeDeleted ? "" : " AND deleted = 0"),
            arguments: [entity.rawValue]
        ).map(record(from:))
    }

    static func save(_ db: Database, _ record: LocalRecord) throws {
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

    /// The stored records among `ids` of one entity, by id: one query for a whole pulled page.
    static func records(_ db: Database, _ entity: SyncEntity, ids: [UUID]) throws -> [UUID: LocalRecord] {
        guard !ids.isEmpty else { return [:] }
        var found: [UUID: LocalRecord] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let arguments = StatementArguments([entity.rawValue] + chunk.map(\.uuidString))
            for row in try Row.fetchAll(
                db, sql: "SELECT * FROM records WHERE entity = ? AND id IN (\(placeholders))", arguments: arguments)
            {
                let record = try record(from: row)
                found[record.id] = record
            }
        }
        return found
    }

    static func remove(_ db: Database, _ entity: SyncEntity, _ id: UUID) throws {
        try db.cachedStatement(sql: "DELETE FROM records WHERE entity = ? AND id = ?")
            .execute(arguments: [entity.rawValue, id.uuidString])
    }

    private static func record(from row: Row) throws -> LocalRecord {
        let fields = try LocalCoding.fields(row["fields"])
        let baseVersion: Int? = row["base_version"]
        let base = try (row["base"] as String?).map { try LocalCoding.fields($0) } ?? (baseVersion == nil ? nil : fields)
        // A corrupt row fails the read rather than become a record of another kind or a fresh random id.
        guard let entity = SyncEntity(rawValue: row["entity"]), let id = UUID(uuidString: row["id"]) else {
            throw LocalStoreError.invalid("corrupt record")
        }
        return LocalRecord(
            entity: entity,
            id: id,
            fields: fields, base: base, baseVersion: baseVersion, deleted: row["deleted"],
            updatedAt: Date(millis: row["updated_at"]))
    }

    // MARK: Outbox

    static func append(_ db: Database, _ mutation: Mutation) throws {
        try db.cachedStatement(sql: "INSERT INTO outbox (mutation_id, entity, record_id, mutation) VALUES (?, ?, ?, ?)")
            .execute(arguments: [mutation.id.uuidString, mutation.entity.rawValue, mutation.recordId.uuidString,
                        LocalCoding.encode(mutation)])
    }

    static func outbox(_ db: Database, limit: Int) throws -> [OutboxEntry] {
        try Row.fetchAll(db, sql: "SELECT sequence, mutation FROM outbox ORDER BY sequence LIMIT ?", arguments: [limit])
            .map { OutboxEntry(sequence: $0["sequence"], mutation: try LocalCoding.mutation($0["mutation"])) }
    }

    static func pending(_ db: Database, _ entity: SyncEntity, _ id: UUID) throws -> [Mutation] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT mutation FROM outbox WHERE entity = ? AND record_id = ? ORDER BY sequence"),
            arguments: [entity.rawValue, id.uuidString]
        ).map { try LocalCoding.mutation($0) }
    }

    /// Puts `mutation` in place of the outbox entry with its id, keeping its position.
    static func replaceInOutbox(_ db: Database, _ mutation: Mutation) throws {
        try db.execute(
            sql: "UPDATE outbox SET mutation = ? WHERE mutation_id = ?",
            arguments: [LocalCoding.encode(mutation), mutation.id.uuidString])
    }

    static func removeFromOutbox(_ db: Database, mutationId: UUID) throws {
        try db.cachedStatement(sql: "DELETE FROM outbox WHERE mutation_id = ?").execute(arguments: [mutationId.uuidString])
    }

    static func deadLetter(_ db: Database, _ mutation: Mutation, reason: String, at date: Date) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO dead_letters (mutation_id, entity, record_id, mutation, reason, rejected_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [mutation.id.uuidString, mutation.entity.rawValue, mutation.recordId.uuidString,
                        LocalCoding.encode(mutation), reason, date.millis])
    }

    static func deadLetters(_ db: Database) throws -> [DeadLetter] {
        try Row.fetchAll(db, sql: "SELECT mutation, reason, rejected_at FROM dead_letters ORDER BY rejected_at").map {
            DeadLetter(
                mutation: try LocalCoding.mutation($0["mutation"]), reason: $0["reason"],
                rejectedAt: Date(millis: $0["rejected_at"]))
        }
    }

    /// The sync state of one record, derived from the outbox, dead letters and open conflicts.
    static func syncState(_ db: Database, _ entity: SyncEntity, _ id: UUID) throws -> RecordSyncState {
        let key: StatementArguments = [entity.rawValue, id.uuidString]
        if try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM outbox WHERE entity = ? AND record_id = ?)"), arguments: key) == true {
            return .pending
        }
        if try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM dead_letters WHERE entity = ? AND record_id = ?)"), arguments: key) == true {
            return .rejected
        }
        let openConflict = try Bool.fetchOne(
            db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM records WHERE entity = 'conflict' AND deleted = 0
                    AND json_extract(fields, '$.recordId') = ? AND json_extract(fields, '$.resolved') = 0)
                """),
            arguments: [id.uuidString]) ?? false
        return openConflict ? .conflicted : .synced
    }
}

/// JSON text columns of the client database, through the fast JSON codec (every local write and
/// every pulled change passes here).
enum LocalCoding {
    static func encode(_ fields: [String: JSONValue]) -> String { JSONValue.object(fields).jsonText }

    static func encode(_ mutation: Mutation) -> String { String(decoding: mutation.encodedData(), as: UTF8.self) }

    static func fields(_ text: String) throws -> [String: JSONValue] {
        guard case .object(let fields) = try JSONValue(parsing: text) else { throw LocalStoreError.invalid("corrupt record") }
        return fields
    }

    static func mutation(_ text: String) throws -> Mutation {
        try Mutation(json: try JSONValue(parsing: text))
    }
}
