import HTTPTypes
import Hummingbird
import SatchelShared

/// Adds `Server-Timing: app;dur=<ms>` to every response: how long the server spent on the request,
/// from routing to the response head (a streamed body is not included). Browsers' developer tools and
/// `satchel-client-bench` read it.
public struct ServerTimingMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The middleware; it holds no state.
    public init() {}

    /// Runs the request through the rest of the chain.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.serverTiming] = "app;dur=\(Self.format((ContinuousClock.now - start).inMilliseconds))"
        return response
    }

    /// Milliseconds with three decimals, without Foundation's formatter.
    public static func format(_ millis: Double) -> String {
        let micros = Int((millis * 1_000).rounded())
        let fraction = String(micros % 1_000)
        return "\(micros / 1_000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}

extension HTTPField.Name {
    /// `Server-Timing` (W3C Server Timing).
    static let serverTiming = Self("Server-Timing")!
}
