import Foundation
import PostgresNIO
import SatchelShared
import SatchelSync

/// Writes a ``PushPlan`` to PostgreSQL: its queued comments, then its records and its results in one
/// statement each, with arrays bound as parameters and `unnest`.
enum PostgresPushWrites {
    /// Inserts the plan's comments, upserts its records and inserts its results for `userId`.
    static func save(
        _ plan: PushPlan, userId: UUID, at now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        for comment in plan.comments {
            try await connection.query(PostgresStore.insert(comment), logger: logger)
        }
        let records = plan.records
        if !records.isEmpty {
            let entities = records.map(\.entity.rawValue)
            let ids = records.map(\.recordId)
            let versions = records.map(\.version)
            let deleted = records.map(\.deleted)
            let fields = records.map { SyncRecordCoding.text($0.fields) }
            let stamps = records.map { SyncRecordCoding.text($0.stamps) }
            let updated = records.map(\.updatedAt.millis)
            try await connection.query("""
                INSERT INTO sync_records (user_id, entity, record_id, version, deleted, fields, stamps, updated_at)
                SELECT \(userId), * FROM unnest(\(entities)::text[], \(ids)::uuid[], \(versions)::bigint[],
                    \(deleted)::boolean[], \(fields)::text[], \(stamps)::text[], \(updated)::bigint[])
                ON CONFLICT (user_id, entity, record_id) DO UPDATE SET version = excluded.version,
                    deleted = excluded.deleted, fields = excluded.fields, stamps = excluded.stamps,
                    updated_at = excluded.updated_at
                """, logger: logger)
        }
        let results = plan.newResults
        if !results.isEmpty {
            let resultIds = results.map(\.id)
            let resultTexts = results.map { SyncRecordCoding.text($0) }
            try await connection.query("""
                INSERT INTO sync_mutations (user_id, mutation_id, result, created_at)
                SELECT \(userId), id, result, \(now.millis) FROM unnest(\(resultIds)::uuid[], \(resultTexts)::text[])
                    AS batch(id, result)
                """, logger: logger)
        }
    }
}
