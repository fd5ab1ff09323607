import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared

/// Renders errors as HTML pages for the blog's routes and for browsers, while the API (`/v1/…`,
/// `/health`, `/openapi.json`, `/metrics`) keeps answering problem+json through ``ProblemMiddleware``.
/// Both take the problem from ``ErrorMapping``; only the rendering differs.
///
/// Content negotiation: a path of the blog gets HTML; any other path gets HTML only when the
/// request's `Accept` names `text/html` (a browser), so API clients keep their JSON 404.
struct WebErrorMiddleware: RouterMiddleware {
    typealias Context = SatchelRequestContext

    /// The registered routes' methods, so a known path asked for with another method is a 405.
    var routes: RouteMethods?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            guard Self.wantsHTML(request) else { throw error }
            let problem = ErrorMapping.problem(for: error, request: request, context: context, routes: routes, audience: .page)
            context.observation.problemType = problem.problem.type
            return Self.page(for: problem, request: request)
        }
    }

    /// Whether an error on this request should be an HTML page.
    static func wantsHTML(_ request: Request) -> Bool {
        let path = request.uri.path
        let api = ["/v1", "/health", "/openapi.json", "/metrics"]
        if api.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) { return false }
        let blog = ["/posts/", "/authors/", "/tags/", "/static/"]
        if path == "/" || ["/search", "/random", "/feed.atom"].contains(path) || blog.contains(where: path.hasPrefix) {
            return true
        }
        return request.headers[.accept]?.contains("text/html") ?? false
    }

    /// The problem as an HTML page with the problem's status and headers (`Retry-After`, `Allow`).
    static func page(for problem: APIError, request: Request) -> Response {
        var headers = problem.headers
        headers[.cacheControl] = "no-store"
        let heading = problem.problem.status == 404 ? "Page not found" : problem.problem.title
        var detail = problem.problem.detail
        if let errors = problem.problem.errors, !errors.isEmpty {
            detail += " " + errors.map { "\($0.field): \($0.message)" }.joined(separator: " ")
        }
        guard let site = try? WebSite.load() else {
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(status: problem.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: detail)))
        }
        let model = ErrorPageModel(
            head: site.head(title: heading, description: detail), heading: heading, detail: detail)
        let text = (try? site.assets.render(model, template: "error")) ?? detail
        return WebResponse.html(text, status: problem.status, headers: headers)
    }
}
