import Foundation
import GRDB
import SatchelShared

/// The keys of the `meta` table.
enum MetaKey: String {
    /// Where the next pull starts.
    case cursor
    /// This installation's stable id.
    case clientId
    /// When a sync last completed (ISO 8601).
    case lastSyncAt
    /// How long the last sync took (``SyncTimings`` as JSON).
    case lastSyncTimings
    /// The live-sync loop's last state (``LiveSyncStatus`` as JSON).
    case liveSync
    /// The last timestamp of the hybrid logical clock.
    case hlc
}

/// The `meta` table: the sync cursor, the client id, the clock and what the last syncs recorded.
struct MetaTable {
    let db: Database

    /// The value stored under `key`.
    func value(forKey key: String) throws -> String? {
        // Prepared once per connection, like every statement a pulled page runs: GRDB record methods would
        // read the table's schema again after each sync transaction's PRAGMA.
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key])
    }

    /// Stores `value` under `key`; `nil` removes the key.
    func setValue(_ value: String?, forKey key: String) throws {
        if let value {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)").execute(arguments: [key, value])
        } else {
            try db.cachedStatement(sql: "DELETE FROM meta WHERE key = ?").execute(arguments: [key])
        }
    }

    /// The value stored under `key`.
    func value(_ key: MetaKey) throws -> String? { try value(forKey: key.rawValue) }

    /// Stores `value` under `key`; `nil` removes the key.
    func set(_ key: MetaKey, _ value: String?) throws { try setValue(value, forKey: key.rawValue) }

    /// Where the next pull starts; `nil` before the first pull.
    func cursor() throws -> String? { try value(.cursor) }

    /// Moves the pull cursor (in the transaction that stores the page it follows).
    func setCursor(_ cursor: String) throws { try set(.cursor, cursor) }

    /// This installation's id, made and stored on first use.
    func clientId() throws -> String {
        if let id = try value(.clientId) { return id }
        let id = "client-" + UUID().uuidString.prefix(8).lowercased()
        try set(.clientId, id)
        return id
    }

    /// A JSON-coded value stored under `key`; `nil` when absent or unreadable (an older layout).
    func decoded<Value: Decodable>(_ type: Value.Type, _ key: MetaKey) throws -> Value? {
        try value(key).flatMap { text in try? SatchelJSON.decoder().decode(Value.self, from: Data(text.utf8)) }
    }

    /// Stores `value` as JSON under `key`.
    func setEncoded<Value: Encodable>(_ value: Value, _ key: MetaKey) throws {
        try set(key, String(decoding: try SatchelJSON.encoder().encode(value), as: UTF8.self))
    }
}
