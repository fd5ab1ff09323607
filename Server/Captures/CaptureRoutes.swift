import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared

/// `POST /v1/captures`: the server captures a page into the caller's reading list, for clients that cannot
/// (a browser extension, a phone share sheet), optionally from the HTML the reader already has open.
struct CaptureRoutes {
    let dependencies: ServerDependencies

    /// The largest request body: the HTML limit, with room for JSON escaping.
    static let maxBodyBytes = 24 << 20

    /// Adds the route to the `/v1` group.
    func addRoutes(to api: RouterGroup<SatchelRequestContext>) {
        api.post("captures") { request, context in
            let user = try context.requireUser()
            try request.requireJSONContentType()
            if let wait = try await dependencies.captureRateLimiter.acquire(
                "user:\(user.id)", now: dependencies.clock(), store: dependencies.limits)
            {
                throw APIError.tooManyRequests(retryAfter: wait, detail: "Too many captures; try again in \(wait) seconds.")
            }
            let body = try await request.decode(
                as: CaptureRequest.self, context: context.allowingBodies(upTo: Self.maxBodyBytes))
            let (response, created) = try await CaptureService(dependencies: dependencies).capture(body, user: user)
            return EditedResponse(
                status: created ? .created : .ok, headers: [.cacheControl: "no-store"], response: response)
        }
    }
}
