import Foundation
import GRDB
import SatchelShared

/// The SQLite store's batched reads of the sync tables, and the new version of a queued comment's record
/// that a moderator's decision writes.
enum SQLiteSyncLookups {
    /// The stored results of those of `ids` already applied for `user`, by mutation id.
    static func storedResults(_ db: Database, user: String, ids: [UUID]) throws -> [UUID: MutationResult] {
        var found: [UUID: MutationResult] = [:]
        for chunk in chunks(Array(Set(ids))) {
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT mutation_id, result FROM sync_mutations WHERE user_id = ? AND mutation_id IN (\(placeholders(chunk.count)))",
                arguments: StatementArguments([user] + chunk.map(\.text)))
            while let row = try rows.next() {
                if let id = UUID(text: row[0]) { found[id] = try SyncRecordCoding.result(row[1] as String) }
            }
        }
        return found
    }

    /// The user's stored records among `keys`, by entity and id (one query per entity and 500 ids).
    static func records(_ db: Database, user: String, keys: [SyncRecordKey]) throws -> [SyncRecordKey: StoredSyncRecord] {
        var found: [SyncRecordKey: StoredSyncRecord] = [:]
        for (entity, group) in Dictionary(grouping: Set(keys), by: \.entity) {
            for chunk in chunks(group.map(\.recordId)) {
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT entity, record_id, version, deleted, fields, stamps, updated_at FROM sync_records
                        WHERE user_id = ? AND entity = ? AND record_id IN (\(placeholders(chunk.count)))
                        """,
                    arguments: StatementArguments([user, entity.rawValue] + chunk.map(\.text)))
                while let row = try rows.next() {
                    let record = try record(from: row)
                    found[SyncRecordKey(entity: record.entity, recordId: record.recordId)] = record
                }
            }
        }
        return found
    }

    /// A record from a row of `entity, record_id, version, deleted, fields, stamps, updated_at`.
    static func record(from row: Row) throws -> StoredSyncRecord {
        guard let entity = SyncEntity(rawValue: row[0]), let recordId = UUID(text: row[1]) else {
            throw StoreError.unavailable("corrupt record")
        }
        return StoredSyncRecord(
            entity: entity, recordId: recordId, version: row[2], deleted: row[3],
            fields: try SyncRecordCoding.fields(row[4]), stamps: try SyncRecordCoding.stamps(row[5]),
            updatedAt: Date(millis: row[6]))
    }

    /// For each of `comments`, by id, whether its id is taken and its post open to comments.
    static func commentAvailability(_ db: Database, _ comments: [Comment]) throws -> [UUID: QueuedCommentAvailability] {
        var found: [UUID: QueuedCommentAvailability] = [:]
        for comment in comments {
            let idTaken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM comments WHERE id = ?)", arguments: [comment.id.uuidString])
            let postOpen = try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM posts WHERE id = ? AND status = 'published' AND comment_status = 'open')",
                arguments: [comment.postId.uuidString])
            found[comment.id] = QueuedCommentAvailability(idTaken: idTaken ?? false, postOpen: postOpen ?? false)
        }
        return found
    }

    /// Writes a new version of a queued comment's synced record when the comment (its moderation status)
    /// no longer matches it; a comment that did not come through sync has no record and is left alone.
    static func refreshQueuedComment(_ db: Database, _ comment: Comment, now: Date) throws {
        guard let user = comment.userId?.text,
              let stored = try String.fetchOne(
                db, sql: "SELECT fields FROM sync_records WHERE user_id = ? AND entity = 'comment' AND record_id = ?",
                arguments: [user, comment.id.text])
        else { return }
        guard let fields = QueuedCommentRules.refreshedRecord(of: comment, stored: stored) else { return }
        let version = try FeedState.read(db, user: user).lastVersion + 1
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO sync_records
                    (user_id, entity, record_id, version, deleted, fields, stamps, updated_at)
                VALUES (?, 'comment', ?, ?, 0, ?, '{}', ?)
                """,
            arguments: [user, comment.id.text, version, fields, now.millis])
        // A new feed version: push plans made before it are stale (see SQLitePushPlan).
        try db.execute(
            sql: "UPDATE sync_state SET last_version = ?, push_count = push_count + 1 WHERE user_id = ?",
            arguments: [version, user])
    }

    /// Splits ids into groups small enough for one statement's parameters.
    private static func chunks(_ ids: [UUID]) -> [ArraySlice<UUID>] {
        stride(from: 0, to: ids.count, by: 500).map { ids[$0..<min($0 + 500, ids.count)] }
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
    }
}
