import Foundation
import SatchelShared
import Testing
@testable import SatchelServer

/// `GET /v1/sync/pull?wait=N` over real HTTP, on every store.
@Suite("Long-poll pull")
struct LongPollTests {
    /// Runs `body` with a fresh server, its notifier and one registered reader's first machine.
    func withReader(
        _ kind: StoreKind, liveFeed: LiveFeedNotifier = LiveFeedNotifier(),
        _ body: @Sendable (LiveServer, LiveReader) async throws -> Void
    ) async throws {
        try await LiveServer.run(kind: kind, liveFeed: liveFeed) { server in
            let port = try #require(server.client.port)
            let token = try await LiveReader.register("reader", port: port)
            try await body(server, LiveReader(port: port, token: token, clientId: "machine-a"))
        }
    }

    @Test("a waiting pull returns the change another machine pushes, after it and in feed order", arguments: StoreKind.allCases)
    func wakesOnPush(kind: StoreKind) async throws {
        try await withReader(kind) { server, a in
            let b = a.machine("machine-b")
            try await a.saveArticles(2)
            let start = try await b.pull(cursor: nil)
            #expect(start.changes.count == 2 && !start.hasMore)

            let waiting = try b.startLongPoll(cursor: start.cursor, wait: 60)
            try await eventually("the pull waits") { server.dependencies.liveFeed.waitingCount == 1 }
            let pushed = try await a.saveArticles(3)
            let page = try LoopbackHTTP.parse(await waiting.read()).decode(PullResponse.self)

            #expect(page.changes.map(\.recordId) == pushed, "exactly the pushed records, in push order")
            #expect(page.changes.map(\.version) == [3, 4, 5])
            #expect(page.cursor != start.cursor)
            #expect(server.dependencies.liveFeed.waitingCount == 0)
        }
    }

    @Test("with changes after the cursor the pull answers at once, as a plain pull", arguments: StoreKind.allCases)
    func answersAtOnce(kind: StoreKind) async throws {
        try await withReader(kind) { server, a in
            let ids = try await a.saveArticles(2)
            let page = try await a.pull(cursor: nil, wait: 60)
            #expect(page.changes.map(\.recordId) == ids)
            #expect(server.dependencies.liveFeed.waitingCount == 0)
        }
    }

    @Test("when nothing comes the wait ends with an empty page and the same cursor", arguments: StoreKind.allCases)
    func timesOut(kind: StoreKind) async throws {
        try await withReader(kind) { server, a in
            try await a.saveArticles(1)
            let cursor = try await a.pull(cursor: nil).cursor
            let page = try await a.pull(cursor: cursor, wait: 0.3)
            #expect(page.changes.isEmpty && !page.hasMore)
            #expect(page.cursor == cursor)
            #expect(server.dependencies.liveFeed.waitingCount == 0)
        }
    }

    @Test("pushes racing many waits are each pulled exactly once, in order", arguments: StoreKind.allCases)
    func noLossNoDuplicates(kind: StoreKind) async throws {
        try await withReader(kind) { _, a in
            let b = a.machine("machine-b")
            let rounds = 60
            let total = (1...rounds).reduce(0) { $0 + ($1 % 3) + 1 }
            async let pushed: [UUID] = {
                var ids: [UUID] = []
                for round in 1...rounds {
                    ids += try await a.saveArticles((round % 3) + 1)
                    if round % 4 == 0 { await Task.yield() }
                }
                return ids
            }()
            var seen: [PulledChange] = []
            var cursor: String?
            var polls = 0
            // Bounded by polls, not time: a lost wake-up would leave the loop waiting out its 60 s.
            while seen.count < total && polls < 10 * total {
                let page = try await b.pull(cursor: cursor, wait: 60, limit: 4)
                seen += page.changes
                cursor = page.cursor
                polls += 1
            }
            let ids = try await pushed
            #expect(seen.map(\.version) == Array(1...total), "every version once, none skipped, none repeated")
            #expect(seen.map(\.recordId) == ids)
        }
    }

    @Test("a client that hangs up while waiting leaves no waiter behind", arguments: StoreKind.allCases)
    func disconnectLeavesNothing(kind: StoreKind) async throws {
        try await withReader(kind) { server, a in
            let notifier = server.dependencies.liveFeed
            let waiting = try a.startLongPoll(cursor: nil, wait: 60)
            try await eventually("the pull waits") { notifier.waitingCount == 1 }
            waiting.close()
            try await eventually("the waiter is gone") { notifier.waitingCount == 0 }
            // The server still serves, and wakes only live waiters.
            let ids = try await a.saveArticles(1)
            #expect(try await a.pull(cursor: nil, wait: 60).changes.map(\.recordId) == ids)
        }
    }

    @Test("wait must be a number of seconds from 0 to 60", arguments: ["61", "-1", "soon", "nan"])
    func badWait(wait: String) async throws {
        try await withReader(.sqlite) { server, a in
            let response = try await LoopbackHTTP.request(
                port: a.port, "GET", "/v1/sync/pull?wait=\(wait)", token: a.token)
            #expect(response.status == 400)
            #expect(response.headers["content-type"] == Problem.mediaType)
            #expect(response.text.contains("wait"))
            #expect(server.dependencies.liveFeed.waitingCount == 0)
        }
    }

    @Test("graceful shutdown answers a waiting pull at once with its page")
    func shutdownAnswersWaiters() async throws {
        let notifier = LiveFeedNotifier()
        let waitStarted = LockedBox<ContinuousClock.Instant?>(nil)
        let waiting = LockedBox<LoopbackHTTP?>(nil)
        let cursor = LockedBox<String?>(nil)
        try await withReader(.sqlite, liveFeed: notifier) { _, a in
            try await a.saveArticles(1)
            let first = try await a.pull(cursor: nil)
            waiting.set(try a.startLongPoll(cursor: first.cursor, wait: 60))
            try await eventually("the pull waits") { notifier.waitingCount == 1 }
            waitStarted.set(ContinuousClock.now)
            cursor.set(first.cursor)
        }
        // The server has shut down: the waiting pull had its answer.
        let connection = try #require(waiting.get())
        let response = try LoopbackHTTP.parse(await connection.read())
        #expect(response.status == 200)
        let page = try response.decode(PullResponse.self)
        #expect(page.changes.isEmpty && page.cursor == cursor.get())
        #expect(notifier.waitingCount == 0 && notifier.isShuttingDown)
        let waited = ContinuousClock.now - (try #require(waitStarted.get()))
        #expect(waited < .seconds(50), "answered at shutdown, not after its 60 s wait (waited \(waited))")
    }
}

/// A value shared with a `@Sendable` closure in a test.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
