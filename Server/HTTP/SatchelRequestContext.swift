import Foundation
import Hummingbird
import NIOCore
import SatchelShared
import SatchelStores

/// The per-request context: who is calling, and from where.
public struct SatchelRequestContext: RequestContext, ObservedRequestContext {
    /// Hummingbird's own per-request state.
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, set by the bearer-token middleware.
    public var user: User?
    /// The store's versions, when a layer has read them for this request (the bearer-token check does).
    public var versions: StoreVersions?
    /// The caller's address, used to key rate limits for anonymous clients.
    public var remoteAddress: String?
    /// The request's connection, watched by waiting long-poll pulls for the client going away.
    public let channel: any Channel
    /// What the request log learns from inner layers (user id, problem type).
    public let observation = RequestObservation()

    /// Creates a context for a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
        self.channel = source.channel
    }

    /// Request bodies larger than this get 413; routes that take larger bodies raise it for their requests.
    public var maxUploadSize = RequestLimits.maxBodyBytes

    /// This context with another body limit, for a route whose documented fields need more room.
    public func allowingBodies(upTo bytes: Int) -> Self {
        var context = self
        context.maxUploadSize = bytes
        return context
    }

    /// Reads `request.decode(as:context:)` bodies as Satchel JSON, with problem+json errors.
    public var requestDecoder: SatchelRequestDecoder { SatchelRequestDecoder() }

    /// Writes `ResponseEncodable` results as Satchel JSON with a strong `ETag`.
    public var responseEncoder: SatchelResponseEncoder { SatchelResponseEncoder() }

    /// The signed-in user, or a 401 problem.
    public func requireUser() throws -> User {
        guard let user else { throw APIError.unauthorized("Sign in: send Authorization: Bearer <token>.") }
        return user
    }

    /// Who to count a request against for rate limiting.
    public var rateLimitKey: String { user.map { "user:\($0.id)" } ?? "ip:\(remoteAddress ?? "unknown")" }
}
