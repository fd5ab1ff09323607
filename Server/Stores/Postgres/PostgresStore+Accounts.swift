import Foundation
import PostgresNIO
import SatchelShared

extension PostgresStore: AccountStore {
    /// Inserts a user; the first user of an empty store becomes admin.
    public func createUser(_ stored: StoredUser) async throws -> User {
        try await transaction { connection in
            var user = stored.user
            // Serializes account creation, so two processes cannot both see an empty table and make two admins.
            try await connection.query("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            let existing = try await connection.query("SELECT EXISTS (SELECT 1 FROM users)", logger: logger)
                .collect().first?.decode(Bool.self) ?? false
            if !existing { user.role = .admin }
            try await connection.query("""
                INSERT INTO users (id, username, display_name, email, role, password_hash, created_at)
                VALUES (\(user.id), \(user.username), \(user.displayName), \(user.email), \(user.role.rawValue),
                    \(stored.passwordHash), \(user.createdAt.millis))
                """, logger: logger)
            return user
        }
    }

    /// The user with this id.
    public func user(id: UUID) async throws -> StoredUser? {
        try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id)")
            .first.map(Self.storedUser(from:))
    }

    /// The user with this username, case-insensitive.
    public func user(username: String) async throws -> StoredUser? {
        try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE lower(username) = lower(\(username))")
            .first.map(Self.storedUser(from:))
    }

    /// Changes a user's role.
    public func setRole(_ role: Role, forUser id: UUID) async throws -> User? {
        try await transaction { connection in
            if role != .admin {
                // Locking every admin row orders concurrent demotions: the later one sees the earlier's result.
                let admins = try await connection.query(
                    "SELECT id FROM users WHERE role = 'admin' FOR UPDATE", logger: logger
                ).collect().map { try $0.decode(UUID.self) }
                if admins == [id] { throw StoreError.lastAdmin }
            }
            return try await connection.query(
                "UPDATE users SET role = \(role.rawValue) WHERE id = \(id) RETURNING \(unescaped: Self.userColumns)",
                logger: logger
            ).collect().first.map { try Self.storedUser(from: $0).user }
        }
    }

    /// Records a token hash.
    public func insertToken(hash: String, userId: UUID, createdAt: Date, expiresAt: Date) async throws {
        try await rows("""
            INSERT INTO tokens (token_hash, user_id, created_at, expires_at)
            VALUES (\(hash), \(userId), \(createdAt.millis), \(expiresAt.millis))
            """)
    }

    /// The owner of an unexpired token.
    public func user(forTokenHash hash: String, now: Date) async throws -> User? {
        try await rows("""
            SELECT \(unescaped: Self.userColumns(of: "u")) FROM tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(hash) AND t.expires_at > \(now.millis)
            """).first.map { try Self.storedUser(from: $0).user }
    }

    /// The owner of an unexpired token, with its expiry.
    public func session(forTokenHash hash: String, now: Date) async throws -> TokenSession? {
        try await rows("""
            SELECT \(unescaped: Self.userColumns(of: "u")), t.expires_at FROM tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(hash) AND t.expires_at > \(now.millis)
            """).first.map { row in
            let (id, username, displayName, email, role, createdAt, _, expiresAt) = try row.decode(
                (UUID, String, String, String, String, Int64, String, Int64).self)
            let user = User(
                id: id, username: username, displayName: displayName, email: email,
                role: try StoredValue.named(role, column: "users.role"), createdAt: Date(millis: createdAt))
            return TokenSession(user: user, expiresAt: Date(millis: expiresAt))
        }
    }

    /// Forgets a token.
    public func deleteToken(hash: String) async throws -> Bool {
        try await !rows("DELETE FROM tokens WHERE token_hash = \(hash) RETURNING 1").isEmpty
    }

    /// The columns `storedUser(from:)` reads, in order.
    static let userColumns = userColumnNames.joined(separator: ", ")

    static let userColumnNames = ["id", "username", "display_name", "email", "role", "created_at", "password_hash"]

    /// The same columns, qualified by a table alias.
    static func userColumns(of alias: String) -> String {
        userColumnNames.map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    static func storedUser(from row: PostgresRow) throws -> StoredUser {
        let (id, username, displayName, email, role, createdAt, hash) = try row.decode(
            (UUID, String, String, String, String, Int64, String).self)
        let user = User(
            id: id, username: username, displayName: displayName, email: email, role: try StoredValue.named(role, column: "users.role"),
            createdAt: Date(millis: createdAt))
        return StoredUser(user: user, passwordHash: hash)
    }
}
