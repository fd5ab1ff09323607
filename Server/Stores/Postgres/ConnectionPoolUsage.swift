import PostgresNIO
import Synchronization

/// How the store uses its PostgreSQL connection pool, counted at the one place the store leases a
/// connection (postgres-nio keeps its own pool figures internal): leased now, and waiting for one.
final class ConnectionPoolUsage: Sendable {
    /// The pool's largest number of connections.
    let size: Int
    private let requested = Atomic(0)
    private let leased = Atomic(0)

    init(size: Int) { self.size = size }

    /// The figures now.
    var figures: ConnectionPoolFigures {
        let inUse = leased.load(ordering: .relaxed)
        let waiting = requested.load(ordering: .relaxed) - inUse
        return ConnectionPoolFigures(size: size, inUse: inUse, waiting: max(0, waiting))
    }

    /// Runs `body` on a connection of `client`'s pool, counted as waiting until it has one and in use
    /// while it runs.
    func lease<T: Sendable>(
        _ client: PostgresClient, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        requested.add(1, ordering: .relaxed)
        defer { requested.subtract(1, ordering: .relaxed) }
        return try await client.withConnection { connection in
            leased.add(1, ordering: .relaxed)
            defer { leased.subtract(1, ordering: .relaxed) }
            return try await body(connection)
        }
    }
}
