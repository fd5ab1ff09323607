import Foundation
import GRDB
import Shared

/// A push batch worked out in full against one snapshot of the user's feed: every result and every
/// row to write, already encoded.
///
/// SQLite has one writer. To keep the write lock short, a plan is made in a read transaction, where
/// pushes run side by side, and committed under the lock only if nothing it read has changed since:
/// the user's feed state (its last version and push count, bumped by every push that stores a result
/// and by every purge) and, for queued comments, whether the comment id is taken and the post open.
/// Otherwise it is made again under the lock, which is always correct.
struct SQLitePushPlan: Sendable {
    /// The user's feed state the plan was made against.
    let feed: FeedState
    /// One result per mutation, in order.
    private(set) var results: [MutationResult] = []
    /// Results to store, for the mutations that are not replays.
    private var newResults: [(mutationId: UUID, json: [UInt8])] = []
    /// Record rows to write, in feed order.
    private var rows: [PlannedRow] = []
    /// Queued comments to publish.
    private var comments: [Comment] = []
    /// What each queued comment's checks read, to be confirmed under the write lock.
    private var commentChecks: [CommentCheck] = []
    /// The user's last feed version once the plan is committed.
    private var lastVersion: Int

    /// Works out `batch` for `user` against what `db` holds now.
    init(_ db: Database, user: UUID, batch: [PreparedMutation], applier: SyncApplier) throws {
        let userText = user.text
        feed = try FeedState.read(db, user: userText)
        lastVersion = feed.lastVersion
        var applier = applier
        applier.purgedVersion = feed.purgedVersion
        // Two queries for the whole batch instead of two per mutation: earlier results, current records.
        let stored = try SQLiteSyncLookups.storedResults(db, user: userText, ids: batch.map(\.mutation.id))
        var records = try SQLiteSyncLookups.records(db, user: userText, keys: batch.map {
            SyncRecordKey(entity: $0.mutation.entity, recordId: $0.mutation.recordId)
        })
        records.reserveCapacity(records.count + batch.count)
        results.reserveCapacity(batch.count)
        newResults.reserveCapacity(batch.count)
        rows.reserveCapacity(batch.count)
        var batchMemory = PushBatchMemory()
        for prepared in batch {
            let mutation = prepared.mutation
            if let stored = stored[mutation.id] {
                results.append(try SyncRecordCoding.result(stored))
                continue
            }
            let key = SyncRecordKey(entity: mutation.entity, recordId: mutation.recordId)
            let current = records[key]
            var outcome = applier.apply(prepared, to: current, batch: &batchMemory)
            if let comment = outcome.comment {
                let check = try CommentCheck(db, comment: comment)
                commentChecks.append(check)
                if check.idTaken {
                    outcome = .commentIdTaken(comment.id)
                } else if check.postOpen {
                    comments.append(comment)
                } else {
                    outcome = .commentPostClosed
                }
            }
            var record = current
            if let write = outcome.write {
                let written = plan(StoredSyncRecord(
                    entity: mutation.entity, recordId: mutation.recordId, version: 0, deleted: write.deleted,
                    fields: write.fields, stamps: write.stamps, updatedAt: applier.now))
                records[key] = written
                record = written
            }
            for conflict in outcome.conflicts {
                let written = plan(StoredSyncRecord(
                    entity: .conflict, recordId: conflict.id, version: 0, deleted: false,
                    fields: SyncApplier.fields(of: conflict), stamps: [:], updatedAt: applier.now))
                records[SyncRecordKey(entity: .conflict, recordId: conflict.id)] = written
            }
            let result = MutationResult(
                id: mutation.id, status: outcome.status,
                version: outcome.status == .rejected ? nil : record?.version,
                record: outcome.returnsRecord(for: mutation.entity) ? record.map { .object($0.fields) } : nil,
                deleted: record?.deleted ?? (mutation.op == .delete),
                conflictIds: outcome.conflicts.map(\.id), reason: outcome.reason, code: outcome.code?.rawValue)
            if !outcome.purged { newResults.append((mutation.id, SyncRecordCoding.bytes(result))) }
            results.append(result)
        }
    }

    /// Whether everything the plan read is still so in `db` (call it under the write lock).
    func isCurrent(_ db: Database, user: UUID) throws -> Bool {
        guard try FeedState.read(db, user: user.text) == feed else { return false }
        return try commentChecks.allSatisfy { try CommentCheck(db, comment: $0.comment) == $0 }
    }

    /// Writes the plan's rows, comments, results and feed state.
    func commit(_ db: Database, user: UUID, now: Date) throws {
        guard !newResults.isEmpty else { return }
        let userText = user.text
        let userBytes = Array(userText.utf8)
        if !rows.isEmpty {
            let insert = try SQLiteRawStatement(db, sql: """
                INSERT OR REPLACE INTO sync_records
                    (user_id, entity, record_id, version, deleted, fields, stamps, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for row in rows {
                insert.bind(1, text: userBytes)
                insert.bind(2, text: row.entity.rawValue)
                insert.bind(3, uuid: row.recordId)
                insert.bind(4, int: Int64(row.version))
                insert.bind(5, int: row.deleted ? 1 : 0)
                insert.bind(6, text: row.fields)
                insert.bind(7, text: row.stamps)
                insert.bind(8, int: row.updatedAt)
                try insert.run()
            }
        }
        for comment in comments {
            try SQLiteStore.insertComment(db, comment)
        }
        let insertResult = try SQLiteRawStatement(
            db, sql: "INSERT INTO sync_mutations (user_id, mutation_id, result, created_at) VALUES (?, ?, ?, ?)")
        for (mutationId, json) in newResults {
            insertResult.bind(1, text: userBytes)
            insertResult.bind(2, uuid: mutationId)
            insertResult.bind(3, text: json)
            insertResult.bind(4, int: now.millis)
            try insertResult.run()
        }
        try db.execute(
            sql: """
                INSERT INTO sync_state (user_id, last_version, purged_version, push_count) VALUES (?, ?, 0, 1)
                ON CONFLICT(user_id) DO UPDATE SET last_version = excluded.last_version, push_count = push_count + 1
                """,
            arguments: [userText, lastVersion])
    }

    /// Gives `record` the next feed version and queues its row.
    private mutating func plan(_ record: StoredSyncRecord) -> StoredSyncRecord {
        var record = record
        lastVersion += 1
        record.version = lastVersion
        rows.append(PlannedRow(
            entity: record.entity, recordId: record.recordId, version: record.version, deleted: record.deleted,
            fields: SyncRecordCoding.bytes(record.fields), stamps: SyncRecordCoding.bytes(record.stamps),
            updatedAt: record.updatedAt.millis))
        return record
    }
}

/// One user's feed state: what a push plan must find unchanged to be committed as made.
struct FeedState: Sendable, Equatable {
    /// The user's newest feed version.
    var lastVersion: Int
    /// How many pushes stored results, plus how many purges touched the user's feed.
    var pushCount: Int
    /// The newest feed position of the user's purged tombstones.
    var purgedVersion: Int

    static func read(_ db: Database, user: String) throws -> FeedState {
        let row = try Row.fetchOne(
            db, sql: "SELECT last_version, push_count, purged_version FROM sync_state WHERE user_id = ?",
            arguments: [user])
        return FeedState(lastVersion: row?[0] ?? 0, pushCount: row?[1] ?? 0, purgedVersion: row?[2] ?? 0)
    }
}

/// A record row of a push plan, its JSON columns encoded.
private struct PlannedRow: Sendable {
    var entity: SyncEntity
    var recordId: UUID
    var version: Int
    var deleted: Bool
    var fields: [UInt8]
    var stamps: [UInt8]
    var updatedAt: Int64
}

/// What a queued comment's publication depends on besides the user's feed.
private struct CommentCheck: Sendable, Equatable {
    var comment: Comment
    /// A comment with this id already exists.
    var idTaken: Bool
    /// The post exists, is published and open to comments.
    var postOpen: Bool

    init(_ db: Database, comment: Comment) throws {
        self.comment = comment
        idTaken = try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM comments WHERE id = ?)", arguments: [comment.id.uuidString]) ?? false
        postOpen = try Bool.fetchOne(
            db,
            sql: "SELECT EXISTS (SELECT 1 FROM posts WHERE id = ? AND status = 'published' AND comment_status = 'open')",
            arguments: [comment.postId.uuidString]) ?? false
    }
}
