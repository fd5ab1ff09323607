import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// `GET /health` and `GET /openapi.json`.
struct HealthRoutes {
    struct Health: Codable {
        var status: String
        var protocolVersion: Int
        var version: String
    }

    func register(on router: Router<SatchelRequestContext>) {
        // The answer never changes while the process runs: encoded and tagged once.
        let health = EncodedJSON((try? SatchelResponseEncoder.data(
            Health(status: "ok", protocolVersion: ProtocolVersion.current, version: ServerVersion.current))) ?? Data())
        router.get("/health") { _, _ in health }
        router.get("/openapi.json") { _, _ in
            guard let data = OpenAPIDocument.data else {
                throw APIError(
                    .serviceUnavailable, type: "/problems/unavailable", title: "Service unavailable",
                    detail: "The API description is missing from this build.")
            }
            return EncodedJSON(data)
        }
    }
}

/// The OpenAPI 3.1 description of this API, kept in the repository beside the routes.
public enum OpenAPIDocument {
    /// The document's bytes, loaded once from the module's resources.
    public static let data: Data? = Bundle.module.url(forResource: "openapi", withExtension: "json")
        .flatMap { try? Data(contentsOf: $0) }
}
