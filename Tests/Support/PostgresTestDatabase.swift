import Foundation
import SatchelServer
import SatchelStores

/// PostgreSQL databases for tests: each test gets a database of its own on the server named by
/// `SATCHEL_TEST_POSTGRES_URL` (set by `scripts/with-postgres.sh`), so tests running in parallel never
/// see each other's rows.
public enum PostgresTestDatabase {
    /// The variable naming the test server.
    public static let variable = "SATCHEL_TEST_POSTGRES_URL"

    /// Why PostgreSQL tests cannot run here, or `nil` when a server is named.
    public static var unavailableReason: String? {
        (ProcessInfo.processInfo.environment[variable] ?? "").isEmpty ? MissingPostgres().description : nil
    }

    /// The test server's configuration (no TLS, a pool of `poolSize`); throws ``MissingPostgres`` when the
    /// variable is missing.
    public static func server(poolSize: Int = 4) throws -> PostgresStoreConfiguration {
        guard let url = ProcessInfo.processInfo.environment[variable], !url.isEmpty else { throw MissingPostgres() }
        var configuration = try PostgresStoreConfiguration(url: url)
        configuration.tls = .disable
        configuration.poolSize = poolSize
        return configuration
    }

    /// A configuration naming a new, empty database whose name starts with `prefix`.
    public static func makeDatabase(prefix: String = "t", poolSize: Int = 4) async throws -> PostgresStoreConfiguration {
        try await PostgresStore.createDatabase(named: newName(prefix), on: try server(poolSize: poolSize))
    }

    /// The URL of a new, empty database, for a server process started with `--database`.
    public static func makeDatabaseURL(prefix: String = "f") async throws -> String {
        let name = newName(prefix)
        _ = try await PostgresStore.createDatabase(named: name, on: try server())
        guard var components = URLComponents(string: ProcessInfo.processInfo.environment[variable] ?? "") else {
            throw MissingPostgres()
        }
        components.path = "/" + name
        guard let url = components.string else { throw MissingPostgres() }
        return url
    }

    /// A migrated store over `configuration` whose pool runs for the rest of the test process.
    public static func makeStore(_ configuration: PostgresStoreConfiguration) async throws -> PostgresStore {
        let store = PostgresStore(configuration: configuration)
        // The pool's run task outlives the test: the conformance suites hold no teardown hook, and
        // an idle pool closes its connections on its own.
        Task { try await store.run() }
        try await store.migrate()
        return store
    }

    /// A migrated store in a database of its own.
    public static func makeStore() async throws -> PostgresStore {
        try await makeStore(try await makeDatabase())
    }

    private static func newName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}

/// Thrown when PostgreSQL tests run without a server to test against.
public struct MissingPostgres: Error, CustomStringConvertible {
    /// Creates the error.
    public init() {}

    /// What to run instead.
    public var description: String {
        "SATCHEL_TEST_POSTGRES_URL is not set, so the PostgreSQL tests cannot run. Run the tests with "
            + "`make test` (or `scripts/with-postgres.sh swift test`), which starts a throwaway PostgreSQL cluster."
    }
}
