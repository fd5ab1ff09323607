import Foundation
import GRDB
import Shared

extension SQLiteStore: SyncStore {
    /// Applies a push batch in one write transaction. SQLite has one writer at a time, so feed
    /// positions are handed out in commit order.
    public func applyPush(userId: UUID, batch: [PreparedMutation], applier: SyncApplier) async throws
        -> [MutationResult]
    {
        try await write { db in
            let user = userId.uuidString
            var version = try Int.fetchOne(db, sql: "SELECT last_version FROM sync_state WHERE user_id = ?", arguments: [user]) ?? 0
            let startVersion = version
            var results: [MutationResult] = []
            results.reserveCapacity(batch.count)
            // Two queries for the whole batch instead of two per mutation: earlier results, current records.
            let storedResults = try Self.storedResults(db, user: user, ids: batch.map(\.mutation.id))
            var records = try Self.syncRecords(db, user: user, keys: batch.map {
                RecordKey(entity: $0.mutation.entity, id: $0.mutation.recordId)
            })
            for prepared in batch {
                let mutation = prepared.mutation
                if let stored = storedResults[mutation.id] {
                    results.append(try SyncRecordCoding.result(stored))
                    continue
                }
                let key = RecordKey(entity: mutation.entity, id: mutation.recordId)
                let current = records[key]
                var outcome = applier.apply(prepared, to: current)
                if let comment = outcome.comment {
                    if try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM comments WHERE id = ?)",
                        arguments: [comment.id.uuidString]) ?? false
                    {
                        outcome = .rejected("A different comment with the id \(comment.id) already exists.")
                    } else if try Self.postAcceptsComments(db, postId: comment.postId) {
                        try Self.insertComment(db, comment)
                    } else {
                        outcome = .rejected("The post is gone or closed to comments, so the comment was not posted.")
                    }
                }
                var record = current
                if let write = outcome.write {
                    version += 1
                    let written = StoredSyncRecord(
                        entity: mutation.entity, recordId: mutation.recordId, version: version, deleted: write.deleted,
                        fields: write.fields, stamps: write.stamps, updatedAt: applier.now)
                    try Self.upsert(db, user: user, written)
                    records[key] = written
                    record = written
                }
                for conflict in outcome.conflicts {
                    version += 1
                    let written = StoredSyncRecord(
                        entity: .conflict, recordId: conflict.id, version: version, deleted: false,
                        fields: SyncApplier.fields(of: conflict), stamps: [:], updatedAt: applier.now)
                    try Self.upsert(db, user: user, written)
                    records[RecordKey(entity: .conflict, id: conflict.id)] = written
                }
                let result = MutationResult(
                    id: mutation.id, status: outcome.status,
                    version: outcome.status == .rejected ? nil : record?.version,
                    record: outcome.returnsRecord(for: mutation.entity) ? record.map { .object($0.fields) } : nil,
                    deleted: record?.deleted ?? false, conflictIds: outcome.conflicts.map(\.id), reason: outcome.reason)
                try db.cachedStatement(
                    sql: "INSERT INTO sync_mutations (user_id, mutation_id, result, created_at) VALUES (?, ?, ?, ?)"
                ).execute(arguments: [user, mutation.id.uuidString, SyncRecordCoding.text(result), applier.now.millis])
                results.append(result)
            }
            if version != startVersion {
                try db.execute(
                    sql: """
                        INSERT INTO sync_state (user_id, last_version, purged_version) VALUES (?, ?, 0)
                        ON CONFLICT(user_id) DO UPDATE SET last_version = excluded.last_version
                        """,
                    arguments: [user, version])
            }
            return results
        }
    }

    /// A page of the user's feed after `after`.
    public func pull(userId: UUID, after: Int, limit: Int) async throws -> SyncFeedPage {
        try await read { db in
            let user = userId.uuidString
            let purged = try Int.fetchOne(
                db, sql: "SELECT purged_version FROM sync_state WHERE user_id = ?", arguments: [user]) ?? 0
            if after > 0 && after < purged { throw SyncFeedError.cursorExpired(oldestValid: purged) }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT entity, record_id, version, deleted, fields, stamps, updated_at FROM sync_records
                    WHERE user_id = ? AND version > ? ORDER BY version LIMIT ?
                    """,
                arguments: [user, after, limit + 1])
            let changes = try rows.prefix(limit).map { try Self.syncRecord(from: $0).change }
            return SyncFeedPage(changes: changes, hasMore: rows.count > limit)
        }
    }

    /// The page in wire JSON, with each record's stored JSON copied as is (no parsing, no re-encoding).
    public func pullEncoded(userId: UUID, after: Int, limit: Int) async throws -> EncodedFeedPage {
        try await read { db in
            let user = userId.uuidString
            let purged = try Int.fetchOne(
                db, sql: "SELECT purged_version FROM sync_state WHERE user_id = ?", arguments: [user]) ?? 0
            if after > 0 && after < purged { throw SyncFeedError.cursorExpired(oldestValid: purged) }
            var output: [UInt8] = []
            var count = 0
            var lastVersion: Int?
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT entity, record_id, version, deleted, fields FROM sync_records
                    WHERE user_id = ? AND version > ? ORDER BY version LIMIT ?
                    """,
                arguments: [user, after, limit + 1])
            while count < limit, let row = try rows.next() {
                guard let entity = SyncEntity(rawValue: row[0]), let recordId = UUID(uuidString: row[1]) else {
                    throw StoreError.unavailable("corrupt record")
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
            return EncodedFeedPage(changes: output, lastVersion: lastVersion, hasMore: hasMore)
        }
    }

    /// Deletes old tombstones and remembers, per user, the newest feed position purged.
    public func purgeTombstones(before cutoff: Date) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO sync_state (user_id, last_version, purged_version)
                    SELECT user_id, MAX(version), MAX(version) FROM sync_records
                    WHERE deleted = 1 AND updated_at < ? GROUP BY user_id
                    ON CONFLICT(user_id) DO UPDATE SET purged_version = MAX(purged_version, excluded.purged_version)
                    """,
                arguments: [cutoff.millis])
            try db.execute(sql: "DELETE FROM sync_records WHERE deleted = 1 AND updated_at < ?", arguments: [cutoff.millis])
            return db.changesCount
        }
    }

    /// The stored results of those of `ids` already applied for `user`, by mutation id.
    private static func storedResults(_ db: Database, user: String, ids: [UUID]) throws -> [UUID: String] {
        var found: [UUID: String] = [:]
        for chunk in chunks(Array(Set(ids))) {
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT mutation_id, result FROM sync_mutations WHERE user_id = ? AND mutation_id IN (\(placeholders(chunk.count)))",
                arguments: StatementArguments([user] + chunk.map(\.uuidString)))
            for row in rows {
                if let id = UUID(uuidString: row[0]) { found[id] = row[1] }
            }
        }
        return found
    }

    /// The user's stored records among `keys`, by entity and id (one query per entity and 500 ids).
    private static func syncRecords(_ db: Database, user: String, keys: [RecordKey]) throws -> [RecordKey: StoredSyncRecord] {
        var found: [RecordKey: StoredSyncRecord] = [:]
        for (entity, group) in Dictionary(grouping: Set(keys), by: \.entity) {
            for chunk in chunks(group.map(\.id)) {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT entity, record_id, version, deleted, fields, stamps, updated_at FROM sync_records
                        WHERE user_id = ? AND entity = ? AND record_id IN (\(placeholders(chunk.count)))
                        """,
                    arguments: StatementArguments([user, entity.rawValue] + chunk.map(\.uuidString)))
                for row in rows {
                    let record = try syncRecord(from: row)
                    found[RecordKey(entity: record.entity, id: record.recordId)] = record
                }
            }
        }
        return found
    }

    /// Splits ids into groups small enough for one statement's parameters.
    private static func chunks(_ ids: [UUID]) -> [ArraySlice<UUID>] {
        stride(from: 0, to: ids.count, by: 500).map { ids[$0..<min($0 + 500, ids.count)] }
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
    }

    /// A synced record's identity within one user's feed.
    private struct RecordKey: Hashable {
        var entity: SyncEntity
        var id: UUID
    }

    private static func syncRecord(from row: Row) throws -> StoredSyncRecord {
        StoredSyncRecord(
            entity: SyncEntity(rawValue: row["entity"]) ?? .savedArticle,
            recordId: UUID(uuidString: row["record_id"]) ?? UUID(),
            version: row["version"], deleted: row["deleted"],
            fields: try SyncRecordCoding.fields(row["fields"]),
            stamps: try SyncRecordCoding.stamps(row["stamps"]),
            updatedAt: Date(millis: row["updated_at"]))
    }

    /// Writes the record's new state as a new row at the end of the table (replacing the old row).
    private static func upsert(_ db: Database, user: String, _ record: StoredSyncRecord) throws {
        try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO sync_records
                    (user_id, entity, record_id, version, deleted, fields, stamps, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                user, record.entity.rawValue, record.recordId.uuidString, record.version, record.deleted,
                SyncRecordCoding.text(record.fields), SyncRecordCoding.text(record.stamps),
                record.updatedAt.millis,
            ])
    }

    private static func postAcceptsComments(_ db: Database, postId: UUID) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: "SELECT EXISTS (SELECT 1 FROM posts WHERE id = ? AND status = 'published' AND comment_status = 'open')",
            arguments: [postId.uuidString]) ?? false
    }

    private static func insertComment(_ db: Database, _ comment: Comment) throws {
        try db.execute(
            sql: """
                INSERT INTO comments (id, post_id, parent_id, author_name, author_url, author_email, email_hash,
                    user_id, body, status, created_at, client_created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                comment.id.uuidString, comment.postId.uuidString, comment.parentId?.uuidString, comment.authorName,
                comment.authorUrl, comment.authorEmail ?? "", comment.emailHash, comment.userId?.uuidString,
                comment.body, comment.status.rawValue, comment.createdAt.millis, comment.clientCreatedAt?.millis,
            ])
    }
}
