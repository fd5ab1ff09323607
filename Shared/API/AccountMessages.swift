import Foundation

/// `POST /v1/accounts`: create an account.
public struct RegisterRequest: Codable, Sendable {
    /// 3–32 characters: lower-case letters, digits, `.`, `_`, `-`.
    public var username: String
    /// At least 8 characters, at most 72 bytes (the bcrypt limit).
    public var password: String
    /// Private email, used for comments written while signed in.
    public var email: String
    /// Name shown on posts and comments; defaults to the username.
    public var displayName: String?

    /// Creates a registration request.
    public init(username: String, password: String, email: String, displayName: String? = nil) {
        self.username = username
        self.password = password
        self.email = email
        self.displayName = displayName
    }
}

/// `POST /v1/tokens`: log in.
public struct LoginRequest: Codable, Sendable {
    /// The account's username.
    public var username: String
    /// The account's password.
    public var password: String

    /// Creates a login request.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// A bearer token and when it stops working.
public struct TokenResponse: Codable, Sendable {
    /// Send as `Authorization: Bearer <token>`.
    public var token: String
    /// When the token expires.
    public var expiresAt: Date

    /// Creates a token response.
    public init(token: String, expiresAt: Date) {
        self.token = token
        self.expiresAt = expiresAt
    }
}

/// `POST /v1/accounts` response: the new account and a token for it.
public struct RegisterResponse: Codable, Sendable {
    /// The account created.
    public var user: User
    /// A bearer token for it.
    public var token: String
    /// When the token expires.
    public var expiresAt: Date

    /// Creates a registration response.
    public init(user: User, token: String, expiresAt: Date) {
        self.user = user
        self.token = token
        self.expiresAt = expiresAt
    }
}

/// `PATCH /v1/users/{id}`: an admin changes a user's role.
public struct UpdateUserRequest: Codable, Sendable {
    /// The new role.
    public var role: Role?

    /// Creates a role change.
    public init(role: Role?) {
        self.role = role
    }
}
