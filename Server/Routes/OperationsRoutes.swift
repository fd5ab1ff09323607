import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// `GET /health/ready` (is the database reachable and migrated) and `GET /v1/admin/stats` (admin only).
/// `/health` stays a liveness check that touches nothing.
struct OperationsRoutes {
    let dependencies: ServerDependencies

    struct Ready: Codable {
        var status: String
        var version: String
    }

    /// Adds `/health/ready` to the router and the stats to the `/v1` group.
    func addRoutes(to router: Router<SatchelRequestContext>, api: RouterGroup<SatchelRequestContext>) {
        router.get("/health/ready") { _, _ in
            switch await dependencies.operations.readiness() {
            case .ready:
                return EncodedJSON(
                    try SatchelResponseEncoder.data(Ready(status: "ready", version: ServerVersion.current)),
                    headers: [.cacheControl: "no-store"], tagged: false)
            case .notReady(let reason):
                throw APIError(
                    .serviceUnavailable, type: "/problems/not-ready", title: "Not ready",
                    detail: "The server cannot serve requests yet: \(reason).", headers: [.retryAfter: "5"])
            }
        }
        api.get("admin/stats") { _, context in
            let user = try context.requireUser()
            guard user.role == .admin else { throw APIError.forbidden("Only an admin may read the server's stats.") }
            let cutoff = dependencies.clock().addingTimeInterval(-dependencies.tombstoneHorizon)
            let stats = try await dependencies.operations.stats(purgeCutoff: cutoff)
            return EncodedJSON(
                try SatchelResponseEncoder.data(stats), headers: [.cacheControl: "no-store"], tagged: false)
        }
    }
}
