import Foundation
import GRDB
import Logging

/// The embedded store: one SQLite file in WAL mode, implementing every server store protocol.
///
/// ```swift
/// let store = try SQLiteStore(path: "satchel.sqlite")
/// let page = try await store.listPosts(PostQuery(limit: 20))
/// ```
public final class SQLiteStore: Sendable {
    /// The connection pool: concurrent readers, one writer.
    let pool: DatabasePool
    let logger: Logger
    /// Checkpoints the WAL after commits, off the write path.
    private let checkpointer: SQLiteCheckpointer
    /// Moves the versions response and token caches check.
    let versionObserver = SQLiteVersionObserver()
    /// Blob bytes, as files in `<path>.blobs/`.
    let blobFiles: SQLiteBlobFiles

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    ///
    /// `fsyncEveryCommit` (the default) makes every commit wait for the disk (`synchronous = FULL`), so what
    /// the server acknowledged (a push, a comment, a published post) survives a power cut or a kernel crash,
    /// not only the process being killed: a machine drops its change log's entries once a push is answered,
    /// and a feed that lost its last versions would hand their numbers out again to other changes. Only a
    /// simulation that never cuts the power turns it off.
    public init(path: String, fsyncEveryCommit: Bool = true, logger: Logger = Logger(label: "satchel.sqlite")) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: fsyncEveryCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
            // A larger page cache cuts the page reads of each push batch. Checkpoints normally run in the
            // background (SQLiteCheckpointer); the commit-time auto-checkpoint (at ~16 MB of WAL) is a backstop.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
        }
        self.pool = try DatabasePool(path: path, configuration: configuration)
        // The pool sets `synchronous = NORMAL` on its writer when it turns WAL on, after `prepareDatabase`;
        // the writer is the one connection that commits, so its setting is the one that counts.
        if fsyncEveryCommit {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        }
        self.logger = logger
        self.blobFiles = SQLiteBlobFiles(root: path + ".blobs")
        try SQLiteSchema.migrator.migrate(pool)
        pool.add(transactionObserver: versionObserver, extent: .databaseLifetime)
        self.checkpointer = try SQLiteCheckpointer(path: path)
    }

    /// Runs a write transaction, translating database errors into ``StoreError``.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            let value = try await pool.write(body)
            checkpointer.noteCommit()
            return value
        } catch let error as DatabaseError {
            throw translate(error)
        }
    }

    /// Runs a read, translating database errors into ``StoreError``.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as DatabaseError {
            throw translate(error)
        }
    }

    private func translate(_ error: DatabaseError) -> StoreError {
        if error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            let message = error.message ?? ""
            if message.contains("username") { return .duplicate(field: "username") }
            if message.contains("slug") { return .duplicate(field: "slug") }
            return .duplicate(field: "id")
        }
        if error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            return .missingReference(field: "id")
        }
        logger.error("SQLite error", metadata: ["error": "\(error)"])
        return .unavailable("\(error.resultCode)")
    }
}
