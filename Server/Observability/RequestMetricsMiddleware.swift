import Hummingbird
import SatchelHTTP

/// Counts and times every request in ``ServerMetrics`` by route template, method and status class, and
/// counts `Idempotency-Key` replays. Sits outside ``ProblemMiddleware`` so errors are counted with the
/// status their problem response carries. Scrapes of `/metrics` are not counted, so that what a test
/// or dashboard reads is the traffic of the API alone.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Where the figures go.
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = RouteLabel.of(context)
        if route == MetricsEndpoint.path { return response }
        metrics.recordRequest(
            route: route, method: RouteLabel.method(request.method), status: Int(response.status.code),
            duration: ContinuousClock.now - start)
        if response.headers[IdempotentPOST.replayedHeader] == "true" { metrics.recordIdempotentReplay(route: route) }
        return response
    }
}
