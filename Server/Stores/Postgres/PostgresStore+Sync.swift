import Foundation
import PostgresNIO
import SatchelShared
import SatchelSync

/// The sync store on PostgreSQL. See "Scale-out on PostgreSQL" in docs/PROTOCOL.md for why feeds
/// have no holes when several processes push for one user at once.
extension PostgresStore: SyncStore {
    /// Applies a push batch in one transaction that first locks the user's `sync_state` row
    /// (`SELECT … FOR UPDATE`). Every feed position of the batch is allocated under that lock, which is
    /// held until commit, so one user's pushes are serialized across processes and feed order is
    /// commit order. Reads and writes are batched: the snapshot is read in two queries (four with queued
    /// comments), the ``PushPlan`` made in memory and written in two statements.
    public func applyPush(userId: UUID, batch: [PreparedMutation], applier: SyncApplier) async throws
        -> [MutationResult]
    {
        try await transaction { connection in
            let feed = try await Self.lockFeed(of: userId, on: connection, logger: logger)
            let snapshot = PushSnapshot(
                lastVersion: feed.lastVersion, purgedVersion: feed.purgedVersion,
                storedResults: try await Self.storedResults(
                    of: userId, ids: batch.map(\.mutation.id), on: connection, logger: logger),
                records: try await Self.records(
                    of: userId, ids: Array(Set(batch.map(\.mutation.recordId))), on: connection, logger: logger),
                comments: try await Self.commentAvailability(
                    QueuedCommentRules.candidates(in: batch), on: connection, logger: logger))
            let plan = PushPlan(batch: batch, snapshot: snapshot, applier: applier)
            try await PostgresPushWrites.save(plan, userId: userId, at: applier.now, on: connection, logger: logger)
            if plan.lastVersion != plan.startVersion {
                try await connection.query(
                    "UPDATE sync_state SET last_version = \(plan.lastVersion) WHERE user_id = \(userId)", logger: logger)
                try await Self.announceFeedMoved(of: userId, on: connection, logger: logger)
            }
            return plan.results
        }
    }

    /// A page of the user's feed after `after` in wire JSON, with each record's stored JSON text copied as
    /// is (no parsing, no re-encoding). The rows are read before the purge horizon is checked: a purge
    /// committing in between then fails the check, so a page can never lack a purged tombstone.
    public func pullEncoded(userId: UUID, after: Int, limit: Int) async throws -> EncodedFeedPage {
        let rows = try await rows("""
            SELECT entity, record_id, version, deleted, fields FROM sync_records
            WHERE user_id = \(userId) AND version > \(after) ORDER BY version LIMIT \(limit + 1)
            """)
        try await checkCursor(userId: userId, after: after)
        var output: [UInt8] = []
        var lastVersion: Int?
        for (index, row) in rows.prefix(limit).enumerated() {
            let (entityName, recordId, version, deleted, fields) = try row.decode((String, UUID, Int, Bool, String).self)
            guard let entity = SyncEntity(rawValue: entityName) else { throw StoreError.corrupt("sync record entity") }
            if index > 0 { output.append(0x2C) }
            SyncChange.write(
                entity: entity, recordId: recordId, version: version, deleted: deleted, recordJSON: fields, to: &output)
            lastVersion = version
        }
        return EncodedFeedPage(
            changes: output, changeCount: min(rows.count, limit), lastVersion: lastVersion, hasMore: rows.count > limit)
    }

    /// Throws ``SyncFeedError/cursorExpired(oldestValid:)`` when `after` is older than the user's purged
    /// tombstones; called after a page is read, so a purge committing in between is caught.
    private func checkCursor(userId: UUID, after: Int) async throws {
        guard after > 0 else { return }
        let purged = try await rows("SELECT purged_version FROM sync_state WHERE user_id = \(userId)")
            .first?.decode(Int.self) ?? 0
        if after < purged { throw SyncFeedError.cursorExpired(oldestValid: purged) }
    }

    /// Deletes old tombstones and remembers, per user, the newest feed position purged. A transaction
    /// advisory lock lets one process purge at a time; each user's row lock keeps pushes out meanwhile.
    public func purgeTombstones(before cutoff: Date) async throws -> Int {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.purgeLockKey))", logger: logger)
            try await connection.query("""
                INSERT INTO sync_state (user_id, last_version, purged_version)
                SELECT user_id, MAX(version), MAX(version) FROM sync_records
                WHERE deleted AND updated_at < \(cutoff.millis) GROUP BY user_id
                ON CONFLICT (user_id) DO UPDATE
                    SET purged_version = GREATEST(sync_state.purged_version, excluded.purged_version)
                """, logger: logger)
            return try await connection.query("""
                DELETE FROM sync_records r USING sync_state s
                WHERE r.deleted AND r.updated_at < \(cutoff.millis)
                    AND s.user_id = r.user_id AND r.version <= s.purged_version
                RETURNING 1
                """, logger: logger).collect().count
        }
    }

    /// The advisory lock key of tombstone purges ("purge" in ASCII).
    static let purgeLockKey: Int64 = 0x70_7572_6765

    /// Writes a new version of a queued comment's synced record when the comment (its moderation status)
    /// no longer matches it, under the writer's feed lock; a comment that did not come through sync has
    /// no record and is left alone.
    static func refreshQueuedComment(
        _ comment: Comment, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard let userId = comment.userId,
              let stored = try await connection.query("""
                SELECT fields FROM sync_records WHERE user_id = \(userId) AND entity = 'comment' AND record_id = \(comment.id)
                """, logger: logger).collect().first?.decode(String.self)
        else { return }
        guard let fields = QueuedCommentRules.refreshedRecord(of: comment, stored: stored) else { return }
        let version = try await lockFeed(of: userId, on: connection, logger: logger).lastVersion + 1
        try await connection.query("""
            UPDATE sync_records SET version = \(version), fields = \(fields), updated_at = \(now.millis)
            WHERE user_id = \(userId) AND entity = 'comment' AND record_id = \(comment.id)
            """, logger: logger)
        try await connection.query(
            "UPDATE sync_state SET last_version = \(version) WHERE user_id = \(userId)", logger: logger)
        try await announceFeedMoved(of: userId, on: connection, logger: logger)
    }

    /// Locks the user's feed row, creating it on the first push, and returns the last position handed out
    /// and the newest position of its purged tombstones.
    private static func lockFeed(of userId: UUID, on connection: PostgresConnection, logger: Logger) async throws
        -> (lastVersion: Int, purgedVersion: Int)
    {
        let select: PostgresQuery =
            "SELECT last_version, purged_version FROM sync_state WHERE user_id = \(userId) FOR UPDATE"
        if let row = try await connection.query(select, logger: logger).collect().first {
            let (last, purged) = try row.decode((Int, Int).self)
            return (last, purged)
        }
        try await connection.query("""
            INSERT INTO sync_state (user_id, last_version, purged_version) VALUES (\(userId), 0, 0)
            ON CONFLICT (user_id) DO NOTHING
            """, logger: logger)
        guard let row = try await connection.query(select, logger: logger).collect().first else { return (0, 0) }
        let (last, purged) = try row.decode((Int, Int).self)
        return (last, purged)
    }

    private static func storedResults(
        of userId: UUID, ids: [UUID], on connection: PostgresConnection, logger: Logger
    ) async throws -> [UUID: MutationResult] {
        var results: [UUID: MutationResult] = [:]
        let rows = try await connection.query("""
            SELECT mutation_id, result FROM sync_mutations WHERE user_id = \(userId) AND mutation_id = ANY(\(ids))
            """, logger: logger)
        for try await (id, text) in rows.decode((UUID, String).self) {
            results[id] = try SyncRecordCoding.result(text)
        }
        return results
    }

    private static func records(
        of userId: UUID, ids: [UUID], on connection: PostgresConnection, logger: Logger
    ) async throws -> [SyncRecordKey: StoredSyncRecord] {
        var records: [SyncRecordKey: StoredSyncRecord] = [:]
        let rows = try await connection.query("""
            SELECT entity, record_id, version, deleted, fields, stamps, updated_at FROM sync_records
            WHERE user_id = \(userId) AND record_id = ANY(\(ids))
            """, logger: logger)
        for try await row in rows {
            let record = try syncRecord(from: row)
            records[SyncRecordKey(entity: record.entity, recordId: record.recordId)] = record
        }
        return records
    }

    /// For each of `comments`, by id, whether its id is taken and its post open to comments (two queries).
    private static func commentAvailability(
        _ comments: [Comment], on connection: PostgresConnection, logger: Logger
    ) async throws -> [UUID: QueuedCommentAvailability] {
        guard !comments.isEmpty else { return [:] }
        var taken: Set<UUID> = []
        for try await id in try await connection.query(
            "SELECT id FROM comments WHERE id = ANY(\(comments.map(\.id)))", logger: logger
        ).decode(UUID.self) {
            taken.insert(id)
        }
        var open: Set<UUID> = []
        for try await id in try await connection.query("""
            SELECT id FROM posts WHERE id = ANY(\(comments.map(\.postId))) AND status = 'published'
                AND comment_status = 'open'
            """, logger: logger).decode(UUID.self) {
            open.insert(id)
        }
        return Dictionary(comments.map {
            ($0.id, QueuedCommentAvailability(idTaken: taken.contains($0.id), postOpen: open.contains($0.postId)))
        }, uniquingKeysWith: { first, _ in first })
    }

    static func syncRecord(from row: PostgresRow) throws -> StoredSyncRecord {
        let (entity, recordId, version, deleted, fields, stamps, updatedAt) = try row.decode(
            (String, UUID, Int, Bool, String, String, Int64).self)
        return StoredSyncRecord(
            entity: try StoredValue.named(entity, column: "sync_records.entity"), recordId: recordId, version: version,
            deleted: deleted, fields: try SyncRecordCoding.fields(fields), stamps: try SyncRecordCoding.stamps(stamps),
            updatedAt: Date(millis: updatedAt))
    }
}
