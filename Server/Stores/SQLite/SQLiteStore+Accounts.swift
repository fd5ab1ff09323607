import Foundation
import GRDB
import SatchelShared

extension SQLiteStore: AccountStore {
    /// Inserts a user; the first user of an empty store becomes admin.
    public func createUser(_ stored: StoredUser) async throws -> User {
        try await write { db in
            var user = stored.user
            let existing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0
            if existing == 0 { user.role = .admin }
            try db.execute(
                sql: """
                    INSERT INTO users (id, username, display_name, email, role, password_hash, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    user.id.uuidString, user.username, user.displayName, user.email, user.role.rawValue,
                    stored.passwordHash, user.createdAt.millis,
                ])
            return user
        }
    }

    /// The user with this id.
    public func user(id: UUID) async throws -> StoredUser? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id.uuidString])
                .map { try Self.storedUser(from: $0) }
        }
    }

    /// The user with this username, case-insensitive.
    public func user(username: String) async throws -> StoredUser? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username])
                .map { try Self.storedUser(from: $0) }
        }
    }

    /// Changes a user's role.
    public func setRole(_ role: Role, forUser id: UUID) async throws -> User? {
        try await write { db in
            if role != .admin {
                let admins = try String.fetchAll(db, sql: "SELECT id FROM users WHERE role = 'admin'")
                if admins == [id.uuidString] { throw StoreError.lastAdmin }
            }
            try db.execute(sql: "UPDATE users SET role = ? WHERE id = ?", arguments: [role.rawValue, id.uuidString])
            return try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id.uuidString])
                .map { try Self.storedUser(from: $0).user }
        }
    }

    /// Records a token hash.
    public func insertToken(hash: String, userId: UUID, createdAt: Date, expiresAt: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [hash, userId.uuidString, createdAt.millis, expiresAt.millis])
        }
    }

    /// The owner of an unexpired token.
    public func user(forTokenHash hash: String, now: Date) async throws -> User? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT users.* FROM tokens JOIN users ON users.id = tokens.user_id
                    WHERE tokens.token_hash = ? AND tokens.expires_at > ?
                    """,
                arguments: [hash, now.millis]
            ).map { try Self.storedUser(from: $0).user }
        }
    }

    /// The owner of an unexpired token, with its expiry.
    public func session(forTokenHash hash: String, now: Date) async throws -> TokenSession? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT users.*, tokens.expires_at AS token_expires_at FROM tokens JOIN users ON users.id = tokens.user_id
                    WHERE tokens.token_hash = ? AND tokens.expires_at > ?
                    """,
                arguments: [hash, now.millis]
            ).map { TokenSession(user: try Self.storedUser(from: $0).user, expiresAt: Date(millis: $0["token_expires_at"])) }
        }
    }

    /// Forgets a token.
    public func deleteToken(hash: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM tokens WHERE token_hash = ?", arguments: [hash])
            return db.changesCount > 0
        }
    }

    static func storedUser(from row: Row) throws -> StoredUser {
        let user = User(
            id: try StoredValue.uuid(row["id"] as String, column: "users.id"),
            username: row["username"],
            displayName: row["display_name"],
            email: row["email"],
            role: try StoredValue.named(row["role"], column: "users.role"),
            createdAt: Date(millis: row["created_at"]))
        return StoredUser(user: user, passwordHash: row["password_hash"])
    }
}
