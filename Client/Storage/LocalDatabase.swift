import Foundation
import GRDB
import SatchelShared
import SatchelSync

/// The client's SQLite file: records with their bases, the change log (outbox), dead letters, sync
/// metadata and cached article bodies. It is the only place of the client that speaks SQL: callers
/// open a transaction with ``read(_:)``, ``write(_:)`` or ``syncWrite(_:)`` and work through the
/// ``LocalTables`` it hands them.
///
/// Every local write commits together with its change-log entry; every pulled page commits together
/// with the cursor that follows it. No transaction is ever held across network I/O: the sync engine
/// reads what to send, sends it without a transaction, then writes what came back.
///
/// ```swift
/// let database = try LocalDatabase(path: "laptop.sqlite")
/// let pending = try database.read { try $0.outbox.count() }
/// ```
final class LocalDatabase: Sendable {
    /// The GRDB connection; tests and backups reach the file through it.
    let queue: DatabaseQueue
    /// Whether local writes wait for the disk (`synchronous = FULL`).
    let fsyncEveryCommit: Bool

    /// Opens the file, creating and migrating it when needed; `fsyncEveryCommit` (the default) makes each
    /// commit survive power loss, not only a crash of the process.
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

    /// Runs `body` in a read transaction.
    func read<T>(_ body: (LocalTables) throws -> T) throws -> T {
        try queue.unsafeRead { db in try Self.readTransaction(db) { try body(LocalTables(db)) } }
    }

    /// Runs `body` in a read transaction, without blocking the caller's thread.
    func read<T: Sendable>(_ body: @escaping @Sendable (LocalTables) throws -> T) async throws -> T {
        try await queue.unsafeRead { db in try Self.readTransaction(db) { try body(LocalTables(db)) } }
    }

    /// A deferred transaction that must change nothing: a write in it is rolled back and refused as
    /// `SQLITE_READONLY`. GRDB's own `read` guards with `PRAGMA query_only` instead, set and cleared around
    /// every read, and SQLite expires every prepared statement of the connection on each such pragma, so
    /// each statement this file caches was compiled again after every read (docs/PERFORMANCE.md).
    private static func readTransaction<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let changesBefore = db.totalChangesCount
        var result: T?
        var wrote = false
        try db.inTransaction(.deferred) {
            result = try body()
            wrote = db.totalChangesCount != changesBefore
            return wrote ? .rollback : .commit
        }
        if wrote { throw DatabaseError(resultCode: .SQLITE_READONLY, message: "a read transaction tried to write") }
        return result!
    }

    /// Runs `body` in a write transaction that commits as the file was opened (durably by default): what
    /// the reader writes locally.
    func write<T>(_ body: (LocalTables) throws -> T) throws -> T {
        try queue.write { db in try body(LocalTables(db)) }
    }

    /// A write transaction for what the sync engine stores: pulled pages and adopted push results. These
    /// commit without waiting for the disk (`synchronous = NORMAL`): a power cut can only roll them back
    /// whole, with the cursor or outbox they belong to, and the next sync fetches or replays them again.
    /// The next local write's full sync makes them durable too.
    func syncWrite<T: Sendable>(_ body: @escaping @Sendable (LocalTables) throws -> T) async throws -> T {
        let relax = fsyncEveryCommit
        return try await queue.writeWithoutTransaction { db in
            if relax { try db.cachedStatement(sql: "PRAGMA synchronous = NORMAL").execute() }
            defer { if relax { try? db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute() } }
            var result: T?
            try db.inTransaction {
                result = try body(LocalTables(db))
                return .commit
            }
            return result!
        }
    }

    /// The record as stored, for a caller that already holds a GRDB connection (migration checks).
    static func record(_ db: Database, _ entity: SyncEntity, _ id: UUID) throws -> LocalRecord? {
        try LocalTables(db).records.find(entity, id)
    }

    /// A metadata value, for a caller that already holds a GRDB connection (crash checks).
    static func meta(_ db: Database, _ key: String) throws -> String? {
        try LocalTables(db).meta.value(forKey: key)
    }
}

/// The client database inside one transaction, one accessor per table. Obtained only from
/// ``LocalDatabase``, so no statement runs outside a transaction.
struct LocalTables {
    /// The open transaction.
    let db: Database

    init(_ db: Database) { self.db = db }

    /// Synced records with their bases, and tombstones.
    var records: RecordTable { RecordTable(db: db) }
    /// The change log of local mutations waiting to be pushed.
    var outbox: OutboxTable { OutboxTable(db: db) }
    /// Mutations the server refused.
    var deadLetters: DeadLetterTable { DeadLetterTable(db: db) }
    /// Key-value sync metadata: cursor, client id, last sync.
    var meta: MetaTable { MetaTable(db: db) }
    /// The hybrid logical clock persisted in the metadata.
    var clock: ClientClock { ClientClock(meta: meta) }
    /// Article text cached for offline reading.
    var articleBodies: ArticleBodyTable { ArticleBodyTable(db: db) }
    /// The capture queue's local state: provided pages, attempts, next attempt.
    var captureQueue: CaptureQueueTable { CaptureQueueTable(db: db) }
}
