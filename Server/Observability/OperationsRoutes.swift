import Foundation
import Hummingbird
import Shared

/// `GET /health/ready` (is the database reachable and migrated) and `GET /v1/admin/stats` (admin only).
/// `/health` stays a liveness check that touches nothing.
struct OperationsRoutes {
    let dependencies: ServerDependencies

    struct Ready: Codable {
        var status: String
        var version: String
    }

    func register(on router: Router<SatchelRequestContext>) {
        router.get("/health/ready") { request, _ in
            switch await dependencies.operations.readiness() {
            case .ready:
                return JSONResponse.make(
                    encoded: try SatchelJSON.encoder().encode(Ready(status: "ready", version: ServerVersion.current)),
                    request: request, headers: [.cacheControl: "no-store"], tagged: false)
            case .notReady(let reason):
                throw APIError(
                    .serviceUnavailable, type: "/problems/not-ready", title: "Not ready",
                    detail: "The server cannot serve requests yet: \(reason).", headers: [.retryAfter: "5"])
            }
        }
        router.get("/v1/admin/stats") { request, context in
            let user = try context.requireUser()
            guard user.role == .admin else { throw APIError.forbidden("Only an admin may read the server's stats.") }
            let cutoff = dependencies.clock().addingTimeInterval(-dependencies.tombstoneHorizon)
            let stats = try await dependencies.operations.stats(purgeCutoff: cutoff)
            return JSONResponse.make(
                encoded: try SatchelJSON.encoder().encode(stats), request: request,
                headers: [.cacheControl: "no-store"], tagged: false)
        }
    }
}
