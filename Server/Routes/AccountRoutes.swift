import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// Registration, login, logout, the caller's profile and role changes.
struct AccountRoutes {
    let dependencies: ServerDependencies

    /// Adds the routes to the `/v1` group.
    func addRoutes(to api: RouterGroup<SatchelRequestContext>) {
        api.post("accounts") { request, context in try await register(request, context) }
        api.post("tokens") { request, context in try await logIn(request, context) }
        api.delete("tokens/current") { request, context in try await logOut(request, context) }
        api.get("me") { _, context in try context.requireUser() }
        api.patch("users/{id}") { request, context in try await changeRole(request, context) }
    }

    private func register(_ request: Request, _ context: SatchelRequestContext) async throws
        -> EditedResponse<RegisterResponse>
    {
        let body = try await request.decode(as: RegisterRequest.self, context: context)
        var validator = FieldValidator()
        let username = validator.text(body.username, field: "username", maxLength: 32)?.lowercased()
        if let username, username.count < 3 || !username.allSatisfy(Self.isUsernameCharacter) {
            validator.fail("username", "must be 3–32 characters: lower-case letters, digits, '.', '_' or '-'.")
        }
        if TextRules.containsNUL(body.password) {
            validator.fail("password", TextRules.nulProblem + ".")
        } else if TextRules.length(body.password) < 8 {
            validator.fail("password", "must be at least 8 characters.")
        } else if body.password.utf8.count > 72 {
            validator.fail("password", "must be at most 72 bytes.")
        }
        let email = validator.email(body.email, field: "email")
        let displayName = validator.text(body.displayName, field: "displayName", maxLength: 80, required: false)
        try validator.check()
        guard let username, let email else { throw APIError.validation(validator.errors) }
        let now = dependencies.clock()
        let user = User(
            id: UUID(), username: username, displayName: displayName.flatMap { $0.isEmpty ? nil : $0 } ?? username,
            email: email, role: .reader, createdAt: now)
        // Each account costs a bcrypt hash: new accounts are limited per client address, in the store so
        // that every server process shares the count.
        let address = context.remoteAddress ?? "unknown"
        if let wait = try await dependencies.registrationRateLimiter.acquire(
            "ip:\(address)", now: now, store: dependencies.limits)
        {
            throw APIError.tooManyRequests(
                retryAfter: wait, detail: "Too many new accounts from this address; try again in \(wait) seconds.")
        }
        let hash = try await dependencies.passwords.hash(body.password)
        let created = try await dependencies.accounts.createUser(StoredUser(user: user, passwordHash: hash))
        let token = try await dependencies.tokens.issue(for: created.id, store: dependencies.accounts, now: now)
        return EditedResponse(
            status: .created, headers: [.location: "/v1/me"],
            response: RegisterResponse(user: created, token: token.token, expiresAt: token.expiresAt))
    }

    private func logIn(_ request: Request, _ context: SatchelRequestContext) async throws
        -> EditedResponse<TokenResponse>
    {
        let body = try await request.decode(as: LoginRequest.self, context: context)
        // Names no account can have are refused without a lookup: nothing about real accounts shows.
        let username = body.username.lowercased()
        let plausible = (1...32).contains(username.count) && !TextRules.containsNUL(username)
        let throttleName = plausible ? username : "(invalid)"
        let address = context.remoteAddress ?? "unknown"
        if let wait = try await dependencies.loginThrottle.admit(
            username: throttleName, address: address, now: dependencies.clock(), store: dependencies.limits)
        {
            throw APIError.tooManyRequests(
                retryAfter: wait, detail: "Too many sign-in attempts; try again in \(wait) seconds.")
        }
        let stored = plausible ? try await dependencies.accounts.user(username: username) : nil
        // An unknown user's attempt is checked against a dummy hash: it takes as long as a known one's.
        guard try await dependencies.passwords.verify(body.password, hash: stored?.passwordHash), let stored else {
            throw APIError.unauthorized("The username or password is wrong.")
        }
        try await dependencies.loginThrottle.succeeded(
            username: username, address: address, now: dependencies.clock(), store: dependencies.limits)
        let token = try await dependencies.tokens.issue(
            for: stored.user.id, store: dependencies.accounts, now: dependencies.clock())
        return EditedResponse(status: .created, response: token)
    }

    private func logOut(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        _ = try context.requireUser()
        if let header = request.headers[.authorization], let token = header.split(separator: " ").last {
            try await dependencies.accounts.deleteToken(hash: TokenIssuer.hash(String(token)))
        }
        return Response(status: .noContent)
    }

    private func changeRole(_ request: Request, _ context: SatchelRequestContext) async throws -> User {
        let caller = try context.requireUser()
        guard caller.role == .admin else { throw APIError.forbidden("Only an admin may change roles.") }
        let id = try request.uuidParameter("id", context: context)
        let body = try await request.decode(as: UpdateUserRequest.self, context: context)
        guard let role = body.role else {
            throw APIError.validation([FieldError(field: "role", message: "is required: reader, author or admin.")])
        }
        guard let user = try await dependencies.accounts.setRole(role, forUser: id) else {
            throw APIError.notFound("User \(id)")
        }
        return user
    }

    private static func isUsernameCharacter(_ character: Character) -> Bool {
        (character.isASCII && (character.isLetter || character.isNumber)) || character == "." || character == "_"
            || character == "-"
    }
}
