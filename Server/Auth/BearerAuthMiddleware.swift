import Foundation
import Hummingbird
import Shared

/// Resolves `Authorization: Bearer <token>` to a user. A request without the header stays anonymous;
/// a request with a bad or expired token is refused with 401 rather than silently treated as anonymous.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = SatchelRequestContext
    let accounts: any AccountStore
    let clock: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthorized("The Authorization header must be 'Bearer <token>'.")
        }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard let user = try await accounts.user(forTokenHash: TokenIssuer.hash(token), now: clock()) else {
            throw APIError.unauthorized("The token is invalid or has expired; log in again.")
        }
        var context = context
        context.user = user
        context.observation.userId = user.id
        return try await next(request, context)
    }
}
