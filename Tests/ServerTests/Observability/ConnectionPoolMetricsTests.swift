import Foundation
import Testing
@testable import SatchelServer
import SatchelTestSupport
@testable import SatchelStores

/// `/metrics` reports PostgreSQL's connection pool: its size, connections in use, operations waiting.
@Suite("Connection pool metrics")
struct ConnectionPoolMetricsTests {
    @Test("with a pool of one held by a transaction, a second operation waits; both figures return to zero after")
    func inUseAndWaiting() async throws {
        var configuration = try await PostgresTestDatabase.makeDatabase()
        configuration.poolSize = 1
        let store = try await PostgresTestDatabase.makeStore(configuration)
        let metrics = ServerMetrics()
        _ = ServerDependencies(store: store, metrics: metrics)
        func scrape() throws -> Exposition { try Exposition(parsing: String(decoding: metrics.exposition(), as: UTF8.self)) }

        #expect(store.connectionPool() == ConnectionPoolFigures(size: 1, inUse: 0, waiting: 0))
        let (release, released) = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await store.transaction { connection in
                for await _ in release { break }
            }
        }
        let waiter = Task { try await store.rows("SELECT 1") }
        try await waitUntil("one connection in use and one operation waiting") {
            store.connectionPool() == ConnectionPoolFigures(size: 1, inUse: 1, waiting: 1)
        }
        let busy = try scrape()
        #expect(busy.value("satchel_database_pool_size") == 1)
        #expect(busy.value("satchel_database_pool_connections", ["state": "in_use"]) == 1)
        #expect(busy.value("satchel_database_pool_connections", ["state": "waiting"]) == 1)

        released.yield()
        released.finish()
        try await holder.value
        #expect(try await waiter.value.count == 1)
        try await waitUntil("the pool at rest") { store.connectionPool() == ConnectionPoolFigures(size: 1, inUse: 0, waiting: 0) }
        let rest = try scrape()
        #expect(rest.value("satchel_database_pool_connections", ["state": "in_use"]) == 0)
        #expect(rest.value("satchel_database_pool_connections", ["state": "waiting"]) == 0)
    }

    @Test("SQLite reports no pool figures, and /metrics has no pool series for it")
    func sqliteHasNone() async throws {
        let store = try await StoreKind.sqlite.makeStore()
        let metrics = ServerMetrics()
        _ = ServerDependencies(store: store, metrics: metrics)
        #expect(store.connectionPool() == nil)
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(!text.contains("satchel_database_pool"))
    }

    private func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
        for _ in 0..<5_000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("never happened: \(what)")
    }
}
