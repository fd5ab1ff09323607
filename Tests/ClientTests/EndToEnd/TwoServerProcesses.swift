import Foundation
import SatchelServer
import Testing
import SatchelTestSupport
import SatchelStores

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
        let database = try await PostgresTestDatabase.makeDatabase(prefix: "c")
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
}
