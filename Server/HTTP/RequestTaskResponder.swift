import Hummingbird

/// Answers each request in a child task of its own instead of in the connection's task. A task keeps the
/// memory its async frames once needed until it ends, so a keep-alive connection whose task served one request
/// held that request's deepest stack of frames for as long as it stayed open, idle or not (about 18 KB of the
/// 38 KB an idle connection cost); in a child task that memory goes back as soon as the answer is made.
///
/// Requests for which `waitsInPlace` is true are answered in the connection's task as before: a live client's
/// long-poll or event stream holds its frames while it waits either way, and a child task would only add its own.
/// Measured in docs/PERFORMANCE.md ("Memory per connection").
public struct RequestTaskResponder<Base: HTTPResponder>: HTTPResponder where Base.Context: Sendable {
    /// The responder that answers.
    public let base: Base
    /// Which requests wait in the connection's task.
    public let waitsInPlace: @Sendable (Request) -> Bool

    /// Wraps `base`.
    public init(base: Base, waitsInPlace: @escaping @Sendable (Request) -> Bool = { _ in false }) {
        self.base = base
        self.waitsInPlace = waitsInPlace
    }

    /// Runs `base` in a child task (or in place) and returns its answer; cancelling the request cancels it.
    public func respond(to request: Request, context: Base.Context) async throws -> Response {
        if waitsInPlace(request) { return try await base.respond(to: request, context: context) }
        return try await withThrowingTaskGroup(of: Response.self) { group in
            group.addTask { try await base.respond(to: request, context: context) }
            guard let response = try await group.next() else { throw CancellationError() }
            return response
        }
    }
}

/// The requests a live client keeps open while it waits for its feed to move.
public enum LiveWaitRequest {
    /// `GET /v1/sync/pull` with `wait`, or the `GET /v1/sync/events` stream.
    public static func matches(_ request: Request) -> Bool {
        guard request.method == .get else { return false }
        switch request.uri.path {
        case "/v1/sync/events": return true
        case "/v1/sync/pull": return request.uri.queryParameters["wait"] != nil
        default: return false
        }
    }
}
