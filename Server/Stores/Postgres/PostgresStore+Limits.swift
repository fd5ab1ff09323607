import Foundation
import PostgresNIO

extension PostgresStore: LimitStore {
    /// Reads, decides and writes the counter in one transaction holding a transaction-scoped advisory
    /// lock on the key, so concurrent updates from every process run one after the other.
    public func updateCounter<Outcome: Sendable>(
        _ key: String, _ decide: @escaping @Sendable (LimitCounter?) -> (LimitCounter?, Outcome)
    ) async throws -> Outcome {
        try await transaction { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(Self.limitLockSpace), hashtext(\(key)))", logger: logger)
            var current: LimitCounter?
            let rows = try await connection.query(
                "SELECT value, updated_at, not_before FROM limit_counters WHERE key = \(key)", logger: logger)
            for try await (value, updatedAt, notBefore) in rows.decode((Double, Int64, Int64).self) {
                current = LimitCounter(value: value, updatedAt: Date(millis: updatedAt), notBefore: Date(millis: notBefore))
            }
            let (next, outcome) = decide(current)
            if let next {
                guard next != current else { return outcome }
                try await connection.query("""
                    INSERT INTO limit_counters (key, value, updated_at, not_before)
                    VALUES (\(key), \(next.value), \(next.updatedAt.millis), \(next.notBefore.millis))
                    ON CONFLICT (key) DO UPDATE SET
                        value = excluded.value, updated_at = excluded.updated_at, not_before = excluded.not_before
                    """, logger: logger)
            } else if current != nil {
                try await connection.query("DELETE FROM limit_counters WHERE key = \(key)", logger: logger)
            }
            return outcome
        }
    }

    /// Deletes counters idle since before `cutoff`.
    @discardableResult
    public func purgeCounters(before cutoff: Date) async throws -> Int {
        try await rows("""
            DELETE FROM limit_counters WHERE updated_at < \(cutoff.millis) AND not_before < \(cutoff.millis)
            RETURNING 1
            """).count
    }

    /// The first key of the advisory locks that order counter updates ("limit" in ASCII).
    static let limitLockSpace: Int32 = 0x6C69_6D69
}
