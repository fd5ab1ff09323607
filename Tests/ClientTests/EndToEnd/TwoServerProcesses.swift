import Foundation
import Server
import Testing

/// Two Satchel servers on their own loopback ports over one PostgreSQL database, as two processes
/// behind a load balancer: each has its own connection pool, rate limiter and purger; nothing else.
struct TwoServerProcesses {
    let first: String
    let second: String
    /// The first server's dependencies, for setting up data as an operator would.
    let firstDependencies: ServerDependencies
    /// The second server's dependencies.
    let secondDependencies: ServerDependencies

    /// Creates a database on the server named by `SATCHEL_TEST_POSTGRES_URL` (failing clearly when it
    /// is not set), starts both servers over it, and runs `body`.
    static func run(_ body: (TwoServerProcesses) async throws -> Void) async throws {
        let database = try await makeDatabase()
        let stores = [PostgresStore(configuration: database), PostgresStore(configuration: database)]
        let dependencies = stores.map { store in
            ServerDependencies(
                store: store, passwords: PasswordHasher(cost: 4), commentRateLimiter: RateLimiter(capacity: 1_000, per: 1))
        }
        try await TestServer.run(
            dependencies: dependencies[0], services: [stores[0]], prepare: { try await stores[0].migrate() }
        ) { first in
            try await TestServer.run(
                dependencies: dependencies[1], services: [stores[1]], prepare: { try await stores[1].migrate() }
            ) { second in
                try await body(TwoServerProcesses(
                    first: first, second: second, firstDependencies: dependencies[0],
                    secondDependencies: dependencies[1]))
            }
        }
    }

    private static func makeDatabase() async throws -> PostgresStoreConfiguration {
        guard let url = ProcessInfo.processInfo.environment["SATCHEL_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw PostgresNotConfigured()
        }
        var server = try PostgresStoreConfiguration(url: url)
        server.tls = .disable
        server.poolSize = 4
        let name = "c_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return try await PostgresStore.createDatabase(named: name, on: server)
    }
}

/// Thrown when the PostgreSQL end-to-end tests run without a server to test against.
struct PostgresNotConfigured: Error, CustomStringConvertible {
    var description: String {
        "SATCHEL_TEST_POSTGRES_URL is not set, so the two-process tests cannot run. Run the tests with "
            + "`make test` (or `scripts/with-postgres.sh swift test`), which starts a throwaway PostgreSQL cluster."
    }
}
