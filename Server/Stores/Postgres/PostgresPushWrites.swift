import Foundation
import PostgresNIO
import Shared

/// What one push writes, gathered while its mutations are applied and saved in two statements:
/// the records (each at its last state) and the results of the mutations.
struct PostgresPushWrites {
    let userId: UUID
    private var records: [SyncRecordKey: StoredSyncRecord] = [:]
    private var resultIds: [UUID] = []
    private var resultTexts: [String] = []

    init(userId: UUID) {
        self.userId = userId
    }

    /// Records the new state of a record; a later write of the same record in the batch replaces it.
    mutating func record(_ record: StoredSyncRecord) {
        records[SyncRecordKey(entity: record.entity, recordId: record.recordId)] = record
    }

    /// Records a mutation's result, kept so a repeat of the mutation gets it again.
    mutating func result(_ result: MutationResult) {
        resultIds.append(result.id)
        resultTexts.append(SyncRecordCoding.text(result))
    }

    /// Upserts the records and inserts the results, with arrays bound as parameters and `unnest`.
    func save(at now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        if !records.isEmpty {
            let all = Array(records.values)
            let entities = all.map(\.entity.rawValue)
            let ids = all.map(\.recordId)
            let versions = all.map(\.version)
            let deleted = all.map(\.deleted)
            let fields = all.map { SyncRecordCoding.text($0.fields) }
            let stamps = all.map { SyncRecordCoding.text($0.stamps) }
            let updated = all.map(\.updatedAt.millis)
            try await connection.query("""
                INSERT INTO sync_records (user_id, entity, record_id, version, deleted, fields, stamps, updated_at)
                SELECT \(userId), * FROM unnest(\(entities)::text[], \(ids)::uuid[], \(versions)::bigint[],
                    \(deleted)::boolean[], \(fields)::text[], \(stamps)::text[], \(updated)::bigint[])
                ON CONFLICT (user_id, entity, record_id) DO UPDATE SET version = excluded.version,
                    deleted = excluded.deleted, fields = excluded.fields, stamps = excluded.stamps,
                    updated_at = excluded.updated_at
                """, logger: logger)
        }
        if !resultIds.isEmpty {
            try await connection.query("""
                INSERT INTO sync_mutations (user_id, mutation_id, result, created_at)
                SELECT \(userId), id, result, \(now.millis) FROM unnest(\(resultIds)::uuid[], \(resultTexts)::text[])
                    AS batch(id, result)
                """, logger: logger)
        }
    }
}
