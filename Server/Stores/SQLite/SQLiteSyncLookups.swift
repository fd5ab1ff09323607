import Foundation
import GRDB
import SatchelShared
import SatchelSync

/// The SQLite store's batched reads of the sync tables, and the new version of a queued comment's record
/// that a moderator's decision writes.
///
/// A batch's ids go in as one JSON array (`IN (SELECT value FROM json_each(?))`), so each lookup is one
/// statement whatever the batch size, compiled once per connection (`cachedStatement`) rather than once
/// per push for each count of placeholders.
enum SQLiteSyncLookups {
    /// The stored results of those of `ids` already applied for `user`, by mutation id.
    static func storedResults(_ db: Database, user: String, ids: [UUID]) throws -> [UUID: MutationResult] {
        var found: [UUID: MutationResult] = [:]
        guard !ids.isEmpty else { return found }
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT mutation_id, result FROM sync_mutations
                WHERE user_id = ? AND mutation_id IN (SELECT value FROM json_each(?))
                """),
            arguments: [user, jsonArray(Set(ids))])
        while let row = try rows.next() {
            if let id = UUID(text: row[0]) { found[id] = try SyncRecordCoding.result(row[1] as String) }
        }
        return found
    }

    /// The user's stored records among `keys`, by entity and id (one query per entity).
    static func records(_ db: Database, user: String, keys: [SyncRecordKey]) throws -> [SyncRecordKey: StoredSyncRecord] {
        var found: [SyncRecordKey: StoredSyncRecord] = [:]
        for (entity, group) in Dictionary(grouping: Set(keys), by: \.entity) {
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: """
                    SELECT entity, record_id, version, deleted, fields, stamps, updated_at FROM sync_records
                    WHERE user_id = ? AND entity = ? AND record_id IN (SELECT value FROM json_each(?))
                    """),
                arguments: [user, entity.rawValue, jsonArray(group.map(\.recordId))])
            while let row = try rows.next() {
                let record = try record(from: row)
                found[SyncRecordKey(entity: record.entity, recordId: record.recordId)] = record
            }
        }
        return found
    }

    /// A record from a row of `entity, record_id, version, deleted, fields, stamps, updated_at`.
    static func record(from row: Row) throws -> StoredSyncRecord {
        guard let entity = SyncEntity(rawValue: row[0]), let recordId = UUID(text: row[1]) else {
            throw StoreError.corrupt("sync record")
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
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM comments WHERE id = ?)"), arguments: [comment.id.uuidString])
            let postOpen = try Bool.fetchOne(
                db.cachedStatement(
                    sql: "SELECT EXISTS (SELECT 1 FROM posts WHERE id = ? AND status = 'published' AND comment_status = 'open')"),
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

    /// The ids as a JSON array of their text (the form every id column holds).
    static func jsonArray(_ ids: some Collection<UUID>) -> String {
        JSONValue.array(ids.map { .string($0.text) }).jsonText
    }
}
