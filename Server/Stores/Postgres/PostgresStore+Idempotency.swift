import Foundation
import PostgresNIO

extension PostgresStore: IdempotencyStore {
    /// Claims a key, or reports its earlier use. The insert either wins the key or finds the row that
    /// did; a row released in between is claimed on the next round.
    public func claim(scope: String, key: String, fingerprint: String, now: Date) async throws -> IdempotencyClaim {
        for _ in 0..<3 {
            let inserted = try await rows("""
                INSERT INTO idempotency_keys (scope, key, fingerprint, created_at)
                VALUES (\(scope), \(key), \(fingerprint), \(now.millis))
                ON CONFLICT (scope, key) DO NOTHING RETURNING 1
                """)
            if !inserted.isEmpty { return .claimed }
            guard let row = try await rows(
                "SELECT fingerprint, response FROM idempotency_keys WHERE scope = \(scope) AND key = \(key)"
            ).first else { continue }
            let (stored, response) = try row.decode((String, String?).self)
            guard stored == fingerprint else { return .mismatch }
            guard let response else { return .inProgress }
            return .completed(try JSONDecoder().decode(StoredResponse.self, from: Data(response.utf8)))
        }
        return .inProgress
    }

    /// Stores the response of a claimed key.
    public func complete(scope: String, key: String, response: StoredResponse) async throws {
        let text = String(decoding: try JSONEncoder().encode(response), as: UTF8.self)
        try await rows("UPDATE idempotency_keys SET response = \(text) WHERE scope = \(scope) AND key = \(key)")
    }

    /// Releases a claimed key.
    public func release(scope: String, key: String) async throws {
        try await rows("DELETE FROM idempotency_keys WHERE scope = \(scope) AND key = \(key) AND response IS NULL")
    }
}
