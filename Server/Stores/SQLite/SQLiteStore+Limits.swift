import Foundation
import GRDB

extension SQLiteStore: LimitStore {
    /// Reads, decides and writes the counter in one write transaction; SQLite's single writer orders them.
    public func updateCounter<Outcome: Sendable>(
        _ key: String, _ decide: @escaping @Sendable (LimitCounter?) -> (LimitCounter?, Outcome)
    ) async throws -> Outcome {
        try await write { db in
            let current = try Row.fetchOne(
                db, sql: "SELECT value, updated_at, not_before FROM limit_counters WHERE key = ?", arguments: [key]
            ).map { row in
                LimitCounter(
                    value: row["value"], updatedAt: Date(millis: row["updated_at"]),
                    notBefore: Date(millis: row["not_before"]))
            }
            let (next, outcome) = decide(current)
            if let next {
                guard next != current else { return outcome }
                try db.execute(
                    sql: """
                        INSERT INTO limit_counters (key, value, updated_at, not_before) VALUES (?, ?, ?, ?)
                        ON CONFLICT (key) DO UPDATE SET
                            value = excluded.value, updated_at = excluded.updated_at, not_before = excluded.not_before
                        """,
                    arguments: [key, next.value, next.updatedAt.millis, next.notBefore.millis])
            } else if current != nil {
                try db.execute(sql: "DELETE FROM limit_counters WHERE key = ?", arguments: [key])
            }
            return outcome
        }
    }

    /// Deletes counters idle since before `cutoff`.
    @discardableResult
    public func purgeCounters(before cutoff: Date) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM limit_counters WHERE updated_at < ? AND not_before < ?",
                arguments: [cutoff.millis, cutoff.millis])
            return db.changesCount
        }
    }
}
