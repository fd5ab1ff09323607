import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import SatchelServer

@Suite("OpenAPI document")
struct OpenAPIRouteTests {
    /// `METHOD /path` for every operation in the document.
    static func documentedOperations() throws -> Set<String> {
        let data = try #require(OpenAPIDocument.data)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "patch", "delete", "head", "options"]
        return Set(paths.flatMap { path, item in
            item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        })
    }

    @Test("every registered route is documented and every documented route exists")
    func routesMatchDocument() async throws {
        let store = try await StoreKind.sqlite.makeStore()
        let router = SatchelApplication.router(dependencies: ServerDependencies(store: store))
        let registered = Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
        let documented = try Self.documentedOperations()
        #expect(registered.subtracting(documented).isEmpty, "undocumented: \(registered.subtracting(documented))")
        #expect(documented.subtracting(registered).isEmpty, "not registered: \(documented.subtracting(registered))")
        #expect(registered.count >= 17)
    }

    @Test("the document is served at /openapi.json as OpenAPI 3.1")
    func served() async throws {
        try await LiveServer.run { server in
            let response = try await server.send(.get, "/openapi.json")
            #expect(response.status == .ok)
            let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            #expect((object?["openapi"] as? String)?.hasPrefix("3.1") == true)
            let health = try await server.send(.get, "/health")
            #expect(health.status == .ok)
            #expect(health.bodyText.contains("\"status\":\"ok\""))
        }
    }
}
