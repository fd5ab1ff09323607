import Foundation
import Hummingbird

/// Turns every error into a problem+json response, so no client ever sees an HTML page, a bare status,
/// or an internal detail. Which problem answers which error is ``ErrorMapping``'s.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The registered routes' methods: a known path asked for with another method is a 405.
    var routes: RouteMethods?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
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
