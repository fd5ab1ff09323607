import Foundation
import PostgresNIO
import SatchelShared
import Testing
@testable import SatchelServer
import SatchelTestSupport
@testable import SatchelSync
@testable import SatchelStores

/// Several processes over one PostgreSQL database, each with its own connection pool (a
/// ``PostgresStore`` per process): migrations at start, and one user's pushes arriving at all of them.
@Suite("PostgreSQL scale-out")
struct PostgresScaleOutTests {
    @Test("processes starting together apply each migration once")
    func concurrentMigrations() async throws {
        let database = try await PostgresTestDatabase.makeDatabase()
        let stores = (0..<4).map { _ in PostgresStore(configuration: database) }
        for store in stores { Task { try await store.run() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores { group.addTask { try await store.migrate() } }
            try await group.waitForAll()
        }
        let names = try await stores[0].rows("SELECT name FROM satchel_migrations ORDER BY name")
            .map { try $0.decode(String.self) }
        #expect(names == PostgresSchema.migrations.map(\.name).sorted())
        try await stores[1].migrate()
        let user = try await stores[2].createUser(Fixtures.user("after-migrations"))
        #expect(try await stores[3].user(id: user.id)?.user == user, "every process sees one schema and one database")
    }

    @Test("one user's concurrent pushes through two processes get distinct, gapless versions; pullers skip none")
    func concurrentPushesAndPulls() async throws {
        let database = try await PostgresTestDatabase.makeDatabase()
        let first = try await PostgresTestDatabase.makeStore(database)
        let second = try await PostgresTestDatabase.makeStore(database)
        let processes = [first, second]
        let user = UUID()
        let pushers = 6, batches = 8, batchSize = 15
        let total = pushers * batches * batchSize
        let stamp = HLCTimestamp(wallMillis: Int64(Date().timeIntervalSince1970 * 1000), counter: 0, node: "t")

        let pulled = try await withThrowingTaskGroup(of: [Int]?.self) { group in
            for pusher in 0..<pushers {
                group.addTask {
                    for batch in 0..<batches {
                        let mutations = (0..<batchSize).map { _ in
                            PreparedMutation(mutation: Mutation(
                                entity: .savedArticle, recordId: UUID(), op: .create, hlc: stamp,
                                fields: ["url": FieldChange(base: nil, value: .string("https://x.test/\(UUID())"))]),
                                comment: nil)
                        }
                        let store = processes[(pusher + batch) % 2]
                        let results = try await store.applyPush(
                            userId: user, batch: mutations, applier: SyncApplier(clientId: "p\(pusher)", now: Date()))
                        #expect(results.allSatisfy { $0.status == .applied })
                    }
                    return nil
                }
            }
            for puller in 0..<4 {
                group.addTask {
                    var seen: [Int] = []
                    var after = 0
                    var round = 0
                    // Bounded by rounds, not time: a skipped change would leave the last version unseen.
                    while seen.last != total && round < 100_000 {
                        // Alternate processes page by page, as behind a load balancer.
                        let page = try await processes[(puller + round) % 2].pull(userId: user, after: after, limit: 7)
                        seen += page.changes.map(\.version)
                        after = page.changes.last?.version ?? after
                        round += 1
                        if page.changes.isEmpty { await Task.yield() }
                    }
                    return seen
                }
            }
            var pulled: [[Int]] = []
            for try await result in group { if let result { pulled.append(result) } }
            return pulled
        }
        #expect(pulled.count == 4)
        for seen in pulled {
            #expect(seen == Array(1...total), "every change exactly once, in version order, none skipped")
        }
        let feed = try await first.pull(userId: user, after: 0, limit: total + 1)
        #expect(feed.changes.map(\.version) == Array(1...total))
    }
}
