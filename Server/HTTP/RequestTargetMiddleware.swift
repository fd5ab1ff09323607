import Hummingbird

/// Refuses a request whose path or query string carries a percent-encoded NUL (`%00`) with 400 before
/// any route sees it: no path parameter or query value may hold one (SQLite would cut it short,
/// PostgreSQL cannot store it), so it is refused once here instead of in every route.
public struct RequestTargetMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The middleware; it holds no state.
    public init() {}

    /// Runs the request through the rest of the chain.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if Self.containsEncodedNUL(request.uri.string) {
            throw APIError(
                .badRequest, type: "/problems/bad-request-target", title: "Bad request target",
                detail: "The path and query string must not contain a NUL character (%00).")
        }
        return try await next(request, context)
    }

    /// Whether the raw request target holds the escape `%00`.
    static func containsEncodedNUL(_ target: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in target.utf8 {
            if previous == (UInt8(ascii: "%"), UInt8(ascii: "0")), byte == UInt8(ascii: "0") { return true }
            previous = (previous.1, byte)
        }
        return false
    }
}
