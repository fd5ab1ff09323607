import HTTPTypes
import Hummingbird

/// Answers `HEAD` wherever `GET` works (RFC 9110 §9.3.2): the request is routed as a `GET` and the
/// answer keeps its status and every header, `Content-Length` and `ETag` included, but sends no body.
/// Feed readers and link checkers ask this way. It wraps the router's responder, because the router
/// picks a route by method before any middleware runs.
public struct HeadResponder<Base: HTTPResponder>: HTTPResponder {
    /// The router's responder.
    public let base: Base

    /// Wraps the router's responder.
    public init(base: Base) {
        self.base = base
    }

    /// Routes a HEAD as a GET and drops the body of its answer.
    public func respond(to request: Request, context: Base.Context) async throws -> Response {
        guard request.method == .head else { return try await base.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        return try await base.respond(to: Request(head: head, body: request.body), context: context)
            .createHeadResponse()
    }
}
