import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// Resolves `Authorization: Bearer <token>` to a user. A request without the header stays anonymous;
/// a request with a bad or expired token is refused with 401 rather than silently treated as anonymous.
/// Owners of recent tokens come from ``TokenCache`` while the store's auth version stands still; the
/// versions read for that ride along in the context, for the response cache.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = SatchelRequestContext
    let accounts: any AccountStore
    let versions: any VersionStore
    let tokens: TokenCache
    let clock: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthorized("The Authorization header must be 'Bearer <token>'.")
        }
        let hash = TokenIssuer.hash(String(parts[1]).trimmingCharacters(in: .whitespaces))
        let now = clock()
        // Read before the lookup: a logout committing after this read moves the version past it.
        let current = try await versions.versions()
        let user: User
        if let cached = tokens.user(forTokenHash: hash, versions: current, now: now) {
            user = cached
        } else {
            guard let session = try await accounts.session(forTokenHash: hash, now: now) else {
                throw APIError.unauthorized("The token is invalid or has expired; log in again.")
            }
            tokens.remember(session.user, forTokenHash: hash, versions: current, expiresAt: session.expiresAt, now: now)
            user = session.user
        }
        var context = context
        context.user = user
        context.versions = current
        context.observation.userId = user.id
        return try await next(request, context)
    }
}
