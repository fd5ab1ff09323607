import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// `/health/ready`: 200 when the database answers and is migrated, 503 problem+json when not.
@Suite("Readiness")
struct ReadinessTests {
    @Test("a migrated SQLite store is ready; /health stays a plain liveness check with the version")
    func sqliteReady() async throws {
        try await LiveServer.run { server in
            let ready = try await server.send(.get, "/health/ready")
            #expect(ready.status == .ok)
            #expect(ready.bodyText.contains("\"status\":\"ready\""))
            let health = try await server.send(.get, "/health")
            #expect(health.bodyText.contains("\"version\":\"\(ServerVersion.current)\""))
        }
    }

    @Test(
        "PostgreSQL readiness: 503 while the database is stopped, 200 once it is back, without a restart",
        .timeLimit(.minutes(3)))
    func postgresStopAndStart() async throws {
        let cluster = try DedicatedPostgres.start()
        defer { cluster.remove() }
        let store = PostgresStore(configuration: try cluster.configuration)
        let dependencies = ServerDependencies(store: store, passwords: PasswordHasher(cost: 4))
        let app = try await SatchelApplication.make(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), dependencies: dependencies,
            services: [store], beforeServerStarts: { try await store.migrate() })
        try await app.test(.live) { client in
            let server = LiveServer(client: client, dependencies: dependencies)
            #expect(try await server.send(.get, "/health/ready").status == .ok)

            try cluster.stopServer()
            let down = try await Self.poll(server, until: .serviceUnavailable, seconds: 30)
            #expect(down.status == .serviceUnavailable)
            let problem = try down.problem()
            #expect(problem.type == "/problems/not-ready")
            #expect(down.headers[.retryAfter] == "5")
            #expect(!down.bodyText.contains("SELECT") && !down.bodyText.contains("127.0.0.1"))
            #expect(try await server.send(.get, "/health").status == .ok, "liveness does not touch the database")

            try cluster.startServer()
            let up = try await Self.poll(server, until: .ok, seconds: 90)
            #expect(up.status == .ok, "ready again after PostgreSQL came back: \(up.bodyText)")
        }
    }

    /// Asks `/health/ready` every 250 ms until it answers `status` or `seconds` pass; returns the last answer.
    static func poll(_ server: LiveServer, until status: HTTPResponse.Status, seconds: Int) async throws -> TestResponse {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while true {
            let response = try await server.send(.get, "/health/ready")
            if response.status == status || ContinuousClock.now > deadline { return response }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}
