import Foundation
import SatchelShared
import Testing
@testable import SatchelClient
@testable import SatchelServer

/// Live mode over real HTTP through libcurl: machine B keeps a long-poll open and pulls when the
/// server answers it, so machine A's change reaches B without B ever calling `sync()`.
@Suite("Live sync")
struct LiveSyncTests {
    @Test("a write on A appears on B while B's long-poll waits; B reports live sync connected")
    func writeOnAAppearsOnB() async throws {
        try await TwoMachines.run { machines in
            let live = BackgroundSync(
                store: machines.b,
                configuration: .init(delayAfterChange: .seconds(3600), live: .init(waitSeconds: 30, fallbackInterval: 3600)))
            try await BackgroundSyncTests.running(live) {
                try await eventually("B's long-poll waits on the server") {
                    machines.dependencies.liveFeed.waitingCount == 1
                }
                for round in 1...3 {
                    let article = try machines.a.saveArticle(url: "https://example.com/live-\(round)", title: "Live \(round)")
                    try await machines.a.sync()
                    let seen = try await BackgroundSyncTests.first(machines.b.observeArticles()) {
                        $0.contains { $0.value.id == article.id }
                    }
                    #expect(seen.first { $0.value.id == article.id }?.state == .synced)
                }
                #expect(try machines.b.liveSyncStatus()?.state(at: Date()) == .connected)
                #expect(try machines.b.articles().count == 3)
            }
            #expect(try machines.b.liveSyncStatus()?.state == .stopped, "stopping the service records it")
        }
    }

    @Test("against a server that answers long-polls at once, live mode falls back to polling and still delivers")
    func fallsBackToPolling() async throws {
        try await TwoMachines.run { machines in
            let b = try LocalStore(
                path: machines.directory.appendingPathComponent("machine-b-polling.sqlite").path,
                server: NonHoldingServer(inner: machines.api))
            let live = BackgroundSync(
                store: b,
                configuration: .init(
                    delayAfterChange: .seconds(3600), live: .init(waitSeconds: 30, fallbackInterval: 0.05, firstRetry: 0.05)))
            try await BackgroundSyncTests.running(live) {
                _ = try await BackgroundSyncTests.first(b.observeStatus()) { $0.lastSyncAt != nil }
                let article = try machines.a.saveArticle(url: "https://example.com/polled", title: "Polled")
                try await machines.a.sync()
                _ = try await BackgroundSyncTests.first(b.observeArticles()) { $0.contains { $0.value.id == article.id } }
                #expect(try b.liveSyncStatus()?.state(at: Date()) == .polling)
                #expect(machines.dependencies.liveFeed.waitingCount == 0, "no request was ever held")
            }
        }
    }

    @Test("while B's own edits trigger syncs too, each long-poll waits for a sync that covers it: no backoff, nothing missed")
    func liveRequestsPairWithTheirSync() async throws {
        try await TwoMachines.run { machines in
            let (b, sleeps) = try Self.machineRecordingSleeps(machines, named: "busy")
            let live = BackgroundSync(
                store: b,
                configuration: .init(
                    delayAfterChange: .milliseconds(1), live: .init(waitSeconds: 30, fallbackInterval: 3600, firstRetry: 5)))
            try await BackgroundSyncTests.running(live) {
                for round in 1...25 {
                    // B's own edit queues a poll while A's change wakes B's long-poll: the two requests race.
                    _ = try b.saveArticle(url: "https://example.com/b-\(round)", title: "B \(round)")
                    let article = try machines.a.saveArticle(url: "https://example.com/a-\(round)", title: "A \(round)")
                    try await machines.a.sync()
                    _ = try await BackgroundSyncTests.first(b.observeArticles()) { $0.contains { $0.value.id == article.id } }
                }
                #expect(try b.articles().count == 50)
            }
            #expect(sleeps.value.isEmpty, "a sync that succeeded was taken for a stuck one: slept \(sleeps.value)")
        }
    }

    @Test("each change on A wakes exactly one sync on B: no repeated pulls of a page already taken, no backoff")
    func oneSyncPerChange() async throws {
        try await TwoMachines.run { machines in
            let (b, sleeps) = try Self.machineRecordingSleeps(machines, named: "counted")
            let syncs = LockedValue(0)
            let live = BackgroundSync(
                store: b,
                configuration: .init(
                    delayAfterChange: .seconds(3600), live: .init(waitSeconds: 30, fallbackInterval: 3600, firstRetry: 5)),
                onSync: { _ in syncs.value += 1 })
            let rounds = 20
            try await BackgroundSyncTests.running(live) {
                try await eventually("B's first sync and long-poll") {
                    syncs.value == 1 && machines.dependencies.liveFeed.waitingCount == 1
                }
                for round in 1...rounds {
                    let article = try machines.a.saveArticle(url: "https://example.com/one-\(round)", title: "One \(round)")
                    try await machines.a.sync()
                    _ = try await BackgroundSyncTests.first(b.observeArticles()) { $0.contains { $0.value.id == article.id } }
                    try await eventually("B waits again") { machines.dependencies.liveFeed.waitingCount == 1 }
                }
            }
            #expect(syncs.value == 1 + rounds, "B ran \(syncs.value) syncs for \(rounds) changes")
            #expect(sleeps.value.isEmpty, "a sync that succeeded was taken for a stuck one: slept \(sleeps.value)")
        }
    }

    /// Another machine B of the reader whose every backoff sleep is recorded (and really slept).
    static func machineRecordingSleeps(_ machines: TwoMachines, named name: String) throws
        -> (LocalStore, LockedValue<[TimeInterval]>)
    {
        let sleeps = LockedValue<[TimeInterval]>([])
        let environment = ClientEnvironment(
            now: { Date() }, random: { 0.5 },
            sleep: { seconds in
                sleeps.value.append(seconds)
                try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            })
        let store = try LocalStore(
            path: machines.directory.appendingPathComponent("machine-b-\(name).sqlite").path, server: machines.api,
            environment: environment)
        return (store, sleeps)
    }

    @Test("backoff doubles from the first retry up to the fallback interval, with jitter below the cap")
    func backoff() throws {
        let random = LockedValue(0.0)
        let environment = ClientEnvironment(now: { Date() }, random: { random.value }, sleep: { _ in })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-live-\(UUID()).sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try LocalStore(path: directory.path, server: nil)
        let loop = LiveSyncLoop(
            store: store, server: NonHoldingServer(inner: SatchelAPI(transport: CurlTransport(baseURL: "http://127.0.0.1:1"))),
            configuration: .init(fallbackInterval: 4, firstRetry: 0.5), environment: environment)
        random.value = 1
        #expect((1...6).map(loop.backoff(after:)) == [0.5, 1, 2, 4, 4, 4])
        random.value = 0
        #expect((1...4).map(loop.backoff(after:)) == [0.25, 0.5, 1, 2])
    }

    @Test("a live client the server refuses (429 or 503 with Retry-After) waits as long as it was told before retrying")
    func honoursRetryAfter() async throws {
        for status in [429, 503] {
            let sleeps = LockedValue<[TimeInterval]>([])
            let environment = ClientEnvironment(
                now: { Date() }, random: { 0.5 },
                sleep: { seconds in
                    sleeps.value.append(seconds)
                    withUnsafeCurrentTask { $0?.cancel() }  // one refusal is enough: stop the loop
                })
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-live-\(UUID()).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let loop = LiveSyncLoop(
                store: try LocalStore(path: path, server: nil), server: RefusingServer(status: status, retryAfter: 42),
                configuration: .init(fallbackInterval: 4, firstRetry: 0.5), environment: environment)
            let (completions, _) = AsyncStream<Int>.makeStream()
            await Task { await loop.run(request: { _ in 0 }, completions: completions) }.value
            #expect(sleeps.value == [42], "status \(status): slept \(sleeps.value)")
        }
        let loop = LiveSyncLoop(
            store: try LocalStore(
                path: FileManager.default.temporaryDirectory.appendingPathComponent("satchel-live-\(UUID()).sqlite").path,
                server: nil),
            server: RefusingServer(status: 429, retryAfter: 0), configuration: .init(fallbackInterval: 4, firstRetry: 0.5),
            environment: ClientEnvironment(now: { Date() }, random: { 1 }, sleep: { _ in }))
        #expect(loop.delay(after: 3, error: TransportError.http(status: 429, problem: nil, retryAfter: 86_400)) == 600,
                "an absurd Retry-After is capped at 10 minutes")
        #expect(loop.delay(after: 3, error: TransportError.network("reset")) == 2, "no Retry-After: the backoff")
    }
}

/// Refuses every long-poll as a server past its live-client limits does.
struct RefusingServer: SyncServer {
    let status: Int
    let retryAfter: TimeInterval

    func push(_ request: PushRequest) async throws -> PushResponse { PushResponse(results: [], serverTime: Date()) }
    func pull(cursor: String?, limit: Int, wait: Int) async throws -> PullResponse {
        throw TransportError.http(status: status, problem: nil, retryAfter: retryAfter)
    }
}

/// Forwards push and pull but knows nothing of long-polls, as an older server or a buffering proxy.
struct NonHoldingServer: SyncServer {
    let inner: SatchelAPI

    func push(_ request: PushRequest) async throws -> PushResponse { try await inner.push(request) }
    func pull(cursor: String?, limit: Int, wait: Int) async throws -> PullResponse { try await inner.pull(cursor: cursor, limit: limit) }
}

/// A value shared with `@Sendable` closures in a test.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Waits (yielding, no clock) until `condition` holds; fails the test after many rounds.
func eventually(_ what: String, rounds: Int = 20_000, _ condition: () async throws -> Bool) async throws {
    for _ in 0..<rounds {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(1))
    }
    Issue.record("never happened: \(what)")
    throw CancellationError()
}
