import Foundation
import Hummingbird

/// Turns every error into a problem+json response, so no client ever sees an HTML page, a bare status,
/// or an internal detail. Which problem answers which error is ``ErrorMapping``'s.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The registered routes' methods: a known path asked for with another method is a 405.
    public var routes: RouteMethods?

    /// A middleware answering 405 for the known paths of `routes`.
    public init(routes: RouteMethods?) {
        self.routes = routes
    }

    /// Runs the request through the rest of the chain.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let problem = ErrorMapping.problem(for: error, request: request, context: context, routes: routes, audience: .api)
            // The request log writes the problem type (and an internal error's detail) once, on its line.
            (context as? any ObservedRequestContext)?.observation.problemType = problem.problem.type
            return problem.response()
        }
    }
}
