import Foundation
import Logging
import PostgresNIO
import SatchelProcess
import ServiceLifecycle

/// The scale-out store: one PostgreSQL database shared by any number of server processes,
/// implementing every server store protocol. No process keeps state that correctness depends on.
///
/// It is a `Service`: run it (in the application's service group, or a task) before using it, then
/// call ``migrate()`` once before serving.
///
/// ```swift
/// let store = PostgresStore(configuration: try PostgresStoreConfiguration(url: "postgres://satchel@db/satchel"))
/// let app = try await SatchelApplication.make(
///     configuration: ServerConfiguration(), dependencies: ServerDependencies(store: store),
///     services: [store], beforeServerStarts: { try await store.migrate() })
/// try await app.runService()
/// ```
public final class PostgresStore: Sendable, Service {
    /// The connection pool.
    let client: PostgresClient
    let logger: Logger
    /// Connections leased and waited for, for `/metrics`.
    let pool: ConnectionPoolUsage

    /// Creates the store and its (not yet running) connection pool.
    public init(configuration: PostgresStoreConfiguration, logger: Logger = Logger(label: "satchel.postgres")) {
        self.client = PostgresClient(configuration: Self.clientConfiguration(configuration), backgroundLogger: logger)
        self.logger = logger
        self.pool = ConnectionPoolUsage(size: configuration.poolSize)
    }

    /// Runs the connection pool until the task is cancelled or the service group shuts down.
    ///
    /// The pool stops on either, but postgres-nio's `run()` has been seen never to return after the database
    /// was stopped and started again, which held a graceful shutdown forever. So the pool runs in a task of its
    /// own, and a pool still running `stopGrace` after the shutdown began is left behind with a warning.
    public func run() async throws {
        let ended = EndSignal()
        let pool = Task { [client] in
            await client.run()
            ended.end()
        }
        await withTaskCancellationHandler {
            // Returns at the graceful shutdown (or at once when the task is already cancelled).
            try? await gracefulShutdown()
        } onCancel: {
            pool.cancel()
        }
        pool.cancel()
        if await !ended.wait(upTo: Self.stopGrace) {
            logger.warning("the PostgreSQL connection pool had not stopped \(Self.stopGrace) after the shutdown began; leaving it")
        }
    }

    /// How long a shutdown waits for the connection pool to stop.
    static let stopGrace: Duration = .seconds(10)

    /// Brings the schema up to date, holding an advisory lock so that processes starting together
    /// apply each migration once.
    public func migrate() async throws {
        try await translatingErrors {
            try await pool.lease(client) { connection in
                try await PostgresSchema.migrate(connection, logger: logger)
            }
        }
    }

    /// Runs `body` in one transaction on one pooled connection: committed when it returns, rolled back
    /// when it throws (its error is rethrown as is, so a ``StoreError`` stays one). Read committed,
    /// whatever the server's default: each statement sees what committed before it, which the feed
    /// lock of ``applyPush(userId:batch:applier:)`` relies on.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await translatingErrors {
            try await pool.lease(client) { connection in
                try await connection.query("BEGIN ISOLATION LEVEL READ COMMITTED", logger: logger)
                do {
                    let value = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return value
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        }
    }

    /// Runs one statement and collects its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await translatingErrors {
            try await pool.lease(client) { connection in try await connection.query(query, logger: logger).collect() }
        }
    }

    /// Runs `body`, turning database errors into ``StoreError``s whose text leaks no SQL.
    func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch let error as SyncFeedError {
            throw error
        } catch let error as BlobStoreError {
            throw error
        } catch let error as PSQLError {
            throw translate(error)
        } catch {
            logger.error("PostgreSQL failure", metadata: ["error": "\(String(reflecting: error))"])
            throw StoreError.unavailable("database failure")
        }
    }

    private func translate(_ error: PSQLError) -> StoreError {
        let state = error.serverInfo?[.sqlState]
        let constraint = error.serverInfo?[.constraintName] ?? ""
        switch state {
        case "23505":
            if constraint.contains("username") { return .duplicate(field: "username") }
            if constraint.contains("slug") { return .duplicate(field: "slug") }
            return .duplicate(field: "id")
        case "23503":
            return .missingReference(field: constraint.contains("post_id") ? "postId" : "id")
        default:
            logger.error("PostgreSQL error", metadata: ["error": "\(String(reflecting: error))"])
            return .unavailable(state ?? "connection")
        }
    }

    static func clientConfiguration(_ configuration: PostgresStoreConfiguration) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch configuration.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var client = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: tls)
        client.options.maximumConnections = max(1, configuration.poolSize)
        client.options.connectionIdleTimeout = .seconds(30)
        return client
    }
}
