import Foundation
import GRDB

extension SQLiteStore: OperationsStore {
    /// `nil`: these are PostgreSQL's figures; SQLite's one writer and its readers wait on no network pool.
    public func connectionPool() -> ConnectionPoolFigures? { nil }

    /// Ready when a read succeeds and every migration of ``SQLiteSchema`` is applied.
    public func readiness() async -> Readiness {
        do {
            let migrated = try await pool.read { db in try SQLiteSchema.migrator.hasCompletedMigrations(db) }
            return migrated ? .ready : .notReady(reason: "schema migrations are not all applied")
        } catch {
            return .notReady(reason: "the SQLite database cannot be read")
        }
    }

    /// The counts, in one read transaction so they agree with each other.
    public func stats(purgeCutoff: Date) async throws -> ServerStats {
        let sql = ServerStats.query(cutoffPlaceholder: "?", deletedTrue: "1")
        return try await read { db in
            guard let row = try Row.fetchOne(db, sql: sql, arguments: [purgeCutoff.millis]) else {
                throw StoreError.unavailable("stats")
            }
            return ServerStats(
                users: row[0], posts: row[1], commentsHeld: row[2], syncRecords: row[3], syncFeeds: row[4],
                feedVersions: row[5], syncMutations: row[6], tombstones: row[7], tombstonesDue: row[8])
        }
    }
}
