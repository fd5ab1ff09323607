import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
import SatchelTestSupport
@testable import SatchelStores

/// Two server processes over one PostgreSQL database, each with its own pool, notifier and feed
/// listener: a commit through one wakes the long-polls held by the other, also after the listening
/// connection was killed.
@Suite("Live sync across PostgreSQL server processes")
struct PostgresLiveFeedTests {
    /// One server process's worth of state.
    struct Process: Sendable {
        let store: PostgresStore
        let notifier: LiveFeedNotifier
        let dependencies: ServerDependencies
        let listener: PostgresFeedListener
    }

    static func process(_ database: PostgresStoreConfiguration) -> Process {
        let store = PostgresStore(configuration: database)
        let notifier = LiveFeedNotifier()
        let dependencies = ServerDependencies(store: store, passwords: PasswordHasher(cost: 4), liveFeed: notifier)
        return Process(
            store: store, notifier: notifier, dependencies: dependencies,
            listener: PostgresFeedListener(configuration: database, notifier: notifier))
    }

    /// Runs both processes on loopback ports and `body` with their ports.
    static func withTwoProcesses(_ body: @Sendable (Process, Int, Process, Int) async throws -> Void) async throws {
        let database = try await PostgresTestDatabase.makeDatabase()
        let (a, b) = (process(database), process(database))
        let appB = try await app(b)
        try await app(a).test(.live) { clientA in
            try await appB.test(.live) { clientB in
                try await body(a, try #require(clientA.port), b, try #require(clientB.port))
            }
        }
    }

    /// A server process's application: its pool and feed listener run beside it, migrations first.
    static func app(_ process: Process) async throws -> some ApplicationProtocol {
        try await SatchelApplication.make(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), dependencies: process.dependencies,
            services: [process.store, process.listener], beforeServerStarts: { try await process.store.migrate() })
    }

    /// How many feed listeners of this database are connected.
    static func listeners(_ store: PostgresStore) async throws -> Int {
        try await store.rows("""
            SELECT count(*)::int FROM pg_stat_activity
            WHERE application_name = \(PostgresFeedListener.applicationName) AND datname = current_database()
            """).first?.decode(Int.self) ?? 0
    }

    @Test("a push through process A wakes a pull waiting on process B; after the listening connections are killed, the next push still does")
    func crossProcessWake() async throws {
        try await Self.withTwoProcesses { a, portA, b, portB in
            try await eventually("both processes listen") { try await Self.listeners(a.store) == 2 }
            let onA = LiveReader(port: portA, token: try await LiveReader.register("reader", port: portA), clientId: "a")
            let onB = onA.machine("b", port: portB)
            let start = try await onB.pull(cursor: nil)

            let waiting = try onB.startLongPoll(cursor: start.cursor, wait: 60)
            try await eventually("the pull waits on B") { b.notifier.waitingCount == 1 }
            let first = try await onA.saveArticles(1)
            let woken = try LoopbackHTTP.parse(await waiting.read()).decode(PullResponse.self)
            #expect(woken.changes.map(\.recordId) == first, "B's waiter heard A's commit")

            let killed = try await a.store.rows("""
                SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity
                WHERE application_name = \(PostgresFeedListener.applicationName) AND datname = current_database()
                """).first?.decode(Int.self)
            #expect(killed == 2)
            let again = try onB.startLongPoll(cursor: woken.cursor, wait: 60)
            try await eventually("the pull waits on B again") { b.notifier.waitingCount == 1 }
            let second = try await onA.saveArticles(1)
            let page = try LoopbackHTTP.parse(await again.read()).decode(PullResponse.self)
            #expect(page.changes.map(\.recordId) == second, "woken after the listener reconnected")
            try await eventually("both listeners are back") { try await Self.listeners(a.store) == 2 }

            // And with the new connections, a plain notification again.
            let third = try onB.startLongPoll(cursor: page.cursor, wait: 60)
            try await eventually("the pull waits on B once more") { b.notifier.waitingCount == 1 }
            let pushed = try await onA.saveArticles(2)
            #expect(try LoopbackHTTP.parse(await third.read()).decode(PullResponse.self).changes.map(\.recordId) == pushed)
        }
    }
}
