import Foundation
import GRDB

extension SQLiteStore: IdempotencyStore {
    /// Claims a key, or reports its earlier use.
    public func claim(scope: String, key: String, fingerprint: String, now: Date) async throws -> IdempotencyClaim {
        try await write { db in
            if let row = try Row.fetchOne(
                db, sql: "SELECT fingerprint, response FROM idempotency_keys WHERE scope = ? AND key = ?",
                arguments: [scope, key])
            {
                guard (row["fingerprint"] as String) == fingerprint else { return .mismatch }
                guard let data = row["response"] as Data? else { return .inProgress }
                return .completed(try JSONDecoder().decode(StoredResponse.self, from: data))
            }
            try db.execute(
                sql: "INSERT INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES (?, ?, ?, ?)",
                arguments: [scope, key, fingerprint, now.millis])
            return .claimed
        }
    }

    /// Stores the response of a claimed key.
    public func complete(scope: String, key: String, response: StoredResponse) async throws {
        let data = try JSONEncoder().encode(response)
        try await write { db in
            try db.execute(
                sql: "UPDATE idempotency_keys SET response = ? WHERE scope = ? AND key = ?",
                arguments: [data, scope, key])
        }
    }

    /// Releases a claimed key.
    public func release(scope: String, key: String) async throws {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND response IS NULL",
                arguments: [scope, key])
        }
    }
}
