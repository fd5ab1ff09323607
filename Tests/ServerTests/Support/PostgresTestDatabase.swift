import Foundation
@testable import Server

/// PostgreSQL databases for tests: each store gets a database of its own on the server named by
/// `SATCHEL_TEST_POSTGRES_URL`, so tests running in parallel never see each other's rows.
enum PostgresTestDatabase {
    /// The variable naming the test server.
    static let variable = "SATCHEL_TEST_POSTGRES_URL"

    /// The test server's configuration; throws a clear error when the variable is missing.
    static func server() throws -> PostgresStoreConfiguration {
        guard let url = ProcessInfo.processInfo.environment[variable], !url.isEmpty else {
            throw MissingPostgres()
        }
        var configuration = try PostgresStoreConfiguration(url: url)
        configuration.tls = .disable
        configuration.poolSize = 4
        return configuration
    }

    /// A configuration naming a new, empty database.
    static func makeDatabase() async throws -> PostgresStoreConfiguration {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return try await PostgresStore.createDatabase(named: name, on: try server())
    }

    /// A migrated store over `configuration` whose pool runs for the rest of the test process.
    static func makeStore(_ configuration: PostgresStoreConfiguration) async throws -> PostgresStore {
        let store = PostgresStore(configuration: configuration)
        // The pool's run task outlives the test: the conformance suites hold no teardown hook, and
        // an idle pool closes its connections on its own.
        Task { try await store.run() }
        try await store.migrate()
        return store
    }

    /// A migrated store in a database of its own.
    static func makeStore() async throws -> PostgresStore {
        try await makeStore(try await makeDatabase())
    }
}

/// Thrown when the PostgreSQL suites run without a server to test against.
struct MissingPostgres: Error, CustomStringConvertible {
    var description: String {
        "SATCHEL_TEST_POSTGRES_URL is not set, so the PostgreSQL suites cannot run. Run the tests with "
            + "`make test` (or `scripts/with-postgres.sh swift test`), which starts a throwaway PostgreSQL cluster."
    }
}
