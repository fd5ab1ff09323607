import Foundation
import GRDB
import SatchelShared
import SatchelSync

/// A ``PushPlan`` made against one snapshot of the user's feed read from SQLite, its rows already encoded.
///
/// SQLite has one writer. To keep the write lock short, a plan is made in a read transaction, where
/// pushes run side by side, and committed under the lock only if nothing it read has changed since:
/// the user's feed state (its last version and push count, bumped by every push that stores a result
/// and by every purge) and, for queued comments, whether the comment id is taken and the post open.
/// Otherwise it is made again under the lock, which is always correct.
struct SQLitePushPlan: Sendable {
    /// The user's feed state the plan was made against.
    let feed: FeedState
    /// The queued comments the batch may publish.
    private let candidates: [Comment]
    /// What each one's publication depended on, to be confirmed under the write lock.
    private let comments: [UUID: QueuedCommentAvailability]
    /// The store-independent plan.
    private let plan: PushPlan
    /// The plan's record rows, their JSON columns encoded outside the write lock.
    private let rows: [PlannedRow]
    /// The plan's results to store, encoded.
    private let newResults: [(mutationId: UUID, json: [UInt8])]

    /// One result per mutation, in order.
    var results: [MutationResult] { plan.results }

    /// Works out `batch` for `user` against what `db` holds now.
    init(_ db: Database, user: UUID, batch: [PreparedMutation], applier: SyncApplier) throws {
        let userText = user.text
        feed = try FeedState.read(db, user: userText)
        candidates = QueuedCommentRules.candidates(in: batch)
        comments = try SQLiteSyncLookups.commentAvailability(db, candidates)
        // Two queries for the whole batch instead of two per mutation: earlier results, current records.
        let snapshot = PushSnapshot(
            lastVersion: feed.lastVersion, purgedVersion: feed.purgedVersion,
            storedResults: try SQLiteSyncLookups.storedResults(db, user: userText, ids: batch.map(\.mutation.id)),
            records: try SQLiteSyncLookups.records(db, user: userText, keys: batch.map {
                SyncRecordKey(entity: $0.mutation.entity, recordId: $0.mutation.recordId)
            }),
            comments: comments)
        plan = PushPlan(batch: batch, snapshot: snapshot, applier: applier)
        rows = plan.records.map(PlannedRow.init)
        newResults = plan.newResults.map { ($0.id, SyncRecordCoding.bytes($0)) }
    }

    /// Whether everything the plan read is still so in `db` (call it under the write lock).
    func isCurrent(_ db: Database, user: UUID) throws -> Bool {
        guard try FeedState.read(db, user: user.text) == feed else { return false }
        return try candidates.isEmpty || SQLiteSyncLookups.commentAvailability(db, candidates) == comments
    }

    /// Writes the plan's rows, comments, results and feed state.
    func commit(_ db: Database, user: UUID, now: Date) throws {
        guard plan.writesAnything else { return }
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
        for comment in plan.comments {
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
        try db.cachedStatement(sql: """
            INSERT INTO sync_state (user_id, last_version, purged_version, push_count) VALUES (?, ?, 0, 1)
            ON CONFLICT(user_id) DO UPDATE SET last_version = excluded.last_version, push_count = push_count + 1
            """).execute(arguments: [userText, plan.lastVersion])
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
            db.cachedStatement(sql: "SELECT last_version, push_count, purged_version FROM sync_state WHERE user_id = ?"),
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

    init(_ record: StoredSyncRecord) {
        entity = record.entity
        recordId = record.recordId
        version = record.version
        deleted = record.deleted
        fields = SyncRecordCoding.bytes(record.fields)
        stamps = SyncRecordCoding.bytes(record.stamps)
        updatedAt = record.updatedAt.millis
    }
}
