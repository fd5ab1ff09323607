import HTTPTypes
import Hummingbird

/// The route template a request matched (`/v1/posts/{id}`), the one label that names a route in metrics
/// and logs, so any number of distinct paths maps onto the few registered routes.
enum RouteLabel {
    /// What every request that matched no route is labelled.
    static let unmatched = "unmatched"

    /// The matched route's template, or ``unmatched``.
    static func of(_ context: some RequestContext) -> String {
        guard let path = context.endpointPath, path != "NotFound" else { return unmatched }
        return path
    }

    /// The request method when it is a standard one, else `OTHER`, so invented methods add no series.
    static func method(_ method: HTTPRequest.Method) -> String {
        switch method {
        case .get, .head, .post, .put, .patch, .delete, .options: method.rawValue
        default: "OTHER"
        }
    }
}
