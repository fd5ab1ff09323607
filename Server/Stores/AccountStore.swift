import Foundation
import SatchelShared

/// A user together with the secret the server keeps for it.
public struct StoredUser: Sendable, Hashable {
    /// The account.
    public var user: User
    /// bcrypt hash of the password.
    public var passwordHash: String

    /// Creates a stored user.
    public init(user: User, passwordHash: String) {
        self.user = user
        self.passwordHash = passwordHash
    }
}

/// A bearer token's owner and the moment the token expires.
public struct TokenSession: Sendable, Hashable {
    /// The token's owner.
    public var user: User
    /// When the token stops being accepted.
    public var expiresAt: Date

    /// Creates a session.
    public init(user: User, expiresAt: Date) {
        self.user = user
        self.expiresAt = expiresAt
    }
}

/// Accounts and their bearer tokens. Tokens are stored only as hashes.
public protocol AccountStore: Sendable {
    /// Inserts a user; the very first user of an empty store is made `admin` whatever `role` says.
    /// Throws ``StoreError/duplicate(field:)`` with `username` when the name is taken (case-insensitive).
    func createUser(_ user: StoredUser) async throws -> User
    /// The user with this id.
    func user(id: UUID) async throws -> StoredUser?
    /// The user with this username, case-insensitive.
    func user(username: String) async throws -> StoredUser?
    /// Changes a user's role; `nil` when there is no such user.
    func setRole(_ role: Role, forUser id: UUID) async throws -> User?
    /// Records a token hash for a user.
    func insertToken(hash: String, userId: UUID, createdAt: Date, expiresAt: Date) async throws
    /// The user a token hash belongs to, if the token exists and has not expired at `now`.
    func user(forTokenHash hash: String, now: Date) async throws -> User?
    /// The same with the token's expiry, for callers that cache the answer until then.
    func session(forTokenHash hash: String, now: Date) async throws -> TokenSession?
    /// Forgets a token; returns whether it existed.
    @discardableResult func deleteToken(hash: String) async throws -> Bool
}
