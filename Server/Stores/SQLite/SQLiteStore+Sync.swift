import Foundation
import GRDB
import SatchelShared
import SatchelSync

extension SQLiteStore: SyncStore {
    /// Applies a push batch in one write transaction. SQLite has one writer at a time, so feed
    /// positions are handed out in commit order. The batch is worked out beforehand in a read
    /// transaction (see ``SQLitePushPlan``), so the write lock is held only to check and write.
    public func applyPush(userId: UUID, batch: [PreparedMutation], applier: SyncApplier) async throws
        -> [MutationResult]
    {
        let planned = try await read { db in try SQLitePushPlan(db, user: userId, batch: batch, applier: applier) }
        return try await write { db in
            var plan = planned
            if try !plan.isCurrent(db, user: userId) {
                plan = try SQLitePushPlan(db, user: userId, batch: batch, applier: applier)
            }
            try plan.commit(db, user: userId, now: applier.now)
            return plan.results
        }
    }

    /// The page in wire JSON, with each record's stored JSON copied as is (no parsing, no re-encoding).
    public func pullEncoded(userId: UUID, after: Int, limit: Int) async throws -> EncodedFeedPage {
        try await read { db in
            let user = userId.text
            try Self.checkCursor(db, user: user, after: after)
            var output: [UInt8] = []
            var count = 0
            var lastVersion: Int?
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: """
                    SELECT entity, record_id, version, deleted, fields FROM sync_records
                    WHERE user_id = ? AND version > ? ORDER BY version LIMIT ?
                    """),
                arguments: [user, after, limit + 1])
            while count < limit, let row = try rows.next() {
                guard let entity = SyncEntity(rawValue: row[0]), let recordId = UUID(text: row[1]) else {
                    throw StoreError.corrupt("sync record")
                }
                if count > 0 { output.append(0x2C) }
                let version: Int = row[2]
                SyncChange.write(
                    entity: entity, recordId: recordId, version: version, deleted: row[3], recordJSON: row[4],
                    to: &output)
                lastVersion = version
                count += 1
            }
            let hasMore = try count == limit && rows.next() != nil
            return EncodedFeedPage(changes: output, changeCount: count, lastVersion: lastVersion, hasMore: hasMore)
        }
    }

    /// Throws ``SyncFeedError/cursorExpired(oldestValid:)`` when `after` is older than the user's purged tombstones.
    private static func checkCursor(_ db: Database, user: String, after: Int) throws {
        let purged = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT purged_version FROM sync_state WHERE user_id = ?"), arguments: [user]) ?? 0
        if after > 0 && after < purged { throw SyncFeedError.cursorExpired(oldestValid: purged) }
    }

    /// Deletes old tombstones and remembers, per user, the newest feed position purged.
    public func purgeTombstones(before cutoff: Date) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO sync_state (user_id, last_version, purged_version, push_count)
                    SELECT user_id, MAX(version), MAX(version), 1 FROM sync_records
                    WHERE deleted = 1 AND updated_at < ? GROUP BY user_id
                    ON CONFLICT(user_id) DO UPDATE SET
                        purged_version = MAX(purged_version, excluded.purged_version), push_count = push_count + 1
                    """,
                arguments: [cutoff.millis])
            try db.execute(sql: "DELETE FROM sync_records WHERE deleted = 1 AND updated_at < ?", arguments: [cutoff.millis])
            return db.changesCount
        }
    }
}
