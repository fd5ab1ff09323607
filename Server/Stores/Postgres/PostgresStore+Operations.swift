import Foundation
import PostgresNIO

extension PostgresStore: OperationsStore {
    /// Ready when the database answers within two seconds and every migration of ``PostgresSchema`` is
    /// recorded. A stopped database makes the pool retry its connections without failing the query, so
    /// the check gives up after the deadline instead of hanging the probe.
    public func readiness() async -> Readiness {
        await ReadinessDeadline.answer(
            within: .seconds(2), otherwise: .notReady(reason: "the PostgreSQL database did not answer within 2 seconds")
        ) {
            do {
                let rows = try await self.pool.lease(self.client) { connection in
                    try await connection.query("SELECT name FROM satchel_migrations", logger: self.logger).collect()
                }
                let applied = Set(try rows.map { try $0.decode(String.self) })
                return PostgresSchema.migrations.allSatisfy { applied.contains($0.name) }
                    ? .ready : .notReady(reason: "schema migrations are not all applied")
            } catch {
                return .notReady(reason: "the PostgreSQL database does not answer")
            }
        }
    }

    /// Connections in use and operations waiting for one, counted where the store leases them.
    public func connectionPool() -> ConnectionPoolFigures? { pool.figures }

    /// The counts, in one statement so they agree with each other.
    public func stats(purgeCutoff: Date) async throws -> ServerStats {
        let sql = ServerStats.query(cutoffPlaceholder: "$1", deletedTrue: "true")
        var bindings = PostgresBindings()
        bindings.append(purgeCutoff.millis)
        guard let row = try await rows(PostgresQuery(unsafeSQL: sql, binds: bindings)).first else {
            throw StoreError.unavailable("stats")
        }
        let (users, posts, held, records, feeds, versions, mutations, tombstones, due) =
            try row.decode((Int, Int, Int, Int, Int, Int, Int, Int, Int).self)
        return ServerStats(
            users: users, posts: posts, commentsHeld: held, syncRecords: records, syncFeeds: feeds,
            feedVersions: versions, syncMutations: mutations, tombstones: tombstones, tombstonesDue: due)
    }
}
