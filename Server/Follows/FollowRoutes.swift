import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared

/// `POST /v1/follows`, `GET /v1/follows`, `DELETE /v1/follows/{id}` and `POST /v1/follows/{id}/check`: a
/// signed-in reader's follows of authors here and feeds elsewhere. Follows and checks share a rate limit per
/// account (each may fetch a feed).
struct FollowRoutes {
    let dependencies: ServerDependencies

    /// Adds the routes to the `/v1` group.
    func addRoutes(to api: RouterGroup<SatchelRequestContext>) {
        let service = FollowService(dependencies: dependencies)
        api.post("follows") { request, context in
            let user = try context.requireUser()
            try request.requireJSONContentType()
            try await limit(user)
            let body = try await request.decode(as: FollowRequest.self, context: context)
            let (status, created) = try await service.follow(body, user: user)
            return EditedResponse(status: created ? .created : .ok, headers: [.cacheControl: "no-store"], response: status)
        }
        api.get("follows") { _, context in
            let user = try context.requireUser()
            return EditedResponse(headers: [.cacheControl: "no-store"], response: try await service.list(user: user))
        }
        api.delete("follows/{id}") { request, context in
            let user = try context.requireUser()
            try await service.unfollow(id: try request.uuidParameter("id", context: context), user: user)
            return Response(status: .noContent)
        }
        api.post("follows/{id}/check") { request, context in
            let user = try context.requireUser()
            let id = try request.uuidParameter("id", context: context)
            try await limit(user)
            return EditedResponse(status: .accepted, headers: [.cacheControl: "no-store"], response: try await service.check(id: id, user: user))
        }
    }

    private func limit(_ user: User) async throws {
        if let wait = try await dependencies.followRateLimiter.acquire(
            "user:\(user.id)", now: dependencies.clock(), store: dependencies.limits)
        {
            throw APIError.tooManyRequests(retryAfter: wait, detail: "Too many follows and checks; try again in \(wait) seconds.")
        }
    }
}
