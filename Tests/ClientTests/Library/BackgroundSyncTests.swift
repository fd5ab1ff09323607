import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import SatchelShared
import Testing
@testable import SatchelClient

/// The background sync `Service` and the observe API, over real HTTP through libcurl.
@Suite("Background sync and observation")
struct BackgroundSyncTests {
    @Test("a local change is pushed soon after it is made, without calling sync()")
    func syncsSoonAfterALocalChange() async throws {
        try await TwoMachines.run { machines in
            let service = BackgroundSync(
                store: machines.a, configuration: .init(delayAfterChange: .milliseconds(20), interval: .seconds(3600)))
            try await Self.running(service) {
                // The first sync at start has nothing to push; wait for it so the change below is what triggers the next.
                _ = try await Self.first(machines.a.observeStatus()) { $0.lastSyncAt != nil }
                let article = try machines.a.saveArticle(url: "https://example.com/soon", title: "Soon")
                let settled = try await Self.first(machines.a.observeArticles()) {
                    $0.first { $0.value.id == article.id }?.state == .synced
                }
                #expect(settled.map(\.value.title) == ["Soon"])
                #expect(try machines.a.status().pendingChanges == 0)
            }
            try await machines.b.sync()
            #expect(try machines.b.articles().map(\.value.title) == ["Soon"])
        }
    }

    @Test("another machine's change arrives with the periodic sync")
    func pullsPeriodically() async throws {
        try await TwoMachines.run { machines in
            let syncs = Counter()
            let service = BackgroundSync(
                store: machines.b, configuration: .init(delayAfterChange: .seconds(3600), interval: .milliseconds(50)),
                onSync: { if case .success = $0 { syncs.increment() } })
            try await Self.running(service) {
                // Let B's start-up sync finish first, so only a periodic sync can bring A's draft.
                _ = try await Self.first(machines.b.observeStatus()) { $0.lastSyncAt != nil }
                let draft = try machines.a.createDraft(title: "From A", body: "Written on A.")
                try await machines.a.sync()
                let drafts = try await Self.first(machines.b.observeDrafts()) { $0.contains { $0.value.id == draft.id } }
                #expect(drafts.map(\.value.body) == ["Written on A."])
                #expect(drafts.map(\.state) == [.synced])
            }
            #expect(syncs.value >= 2, "the start-up sync and at least one periodic one")
        }
    }

    @Test("a failing server is reported and retried at the next trigger; the change stays pending")
    func failureIsReportedAndRetried() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-bg-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ClientEnvironment(now: { Date() }, random: { 0.5 }, sleep: { _ in })
        let down = SatchelAPI(transport: CurlTransport(baseURL: "http://127.0.0.1:1"), token: "t")
        let store = try LocalStore(path: directory.appendingPathComponent("a.sqlite").path, server: down, environment: environment)
        let failures = Counter()
        let service = BackgroundSync(
            store: store, configuration: .init(delayAfterChange: .milliseconds(10), interval: .milliseconds(20)),
            onSync: { if case .failure = $0 { failures.increment() } })
        try store.saveArticle(url: "https://example.com/offline")
        try await Self.running(service) {
            while failures.value < 2 { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(try store.status().pendingChanges == 1)
        #expect(try store.articles().map(\.state) == [.pending])
    }

    @Test("graceful shutdown of the service group stops the service")
    func gracefulShutdown() async throws {
        try await TwoMachines.run { machines in
            let service = BackgroundSync(store: machines.a, configuration: .init(interval: .milliseconds(10)))
            let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
            let running = Task { try await group.run() }
            _ = try await Self.first(machines.a.observeStatus()) { $0.lastSyncAt != nil }
            await group.triggerGracefulShutdown()
            try await running.value
        }
    }

    @Test("a store without a server cannot run background sync")
    func noServer() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-bg-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try LocalStore(path: path, server: nil)
        await #expect(throws: LocalStoreError.noServer) { try await BackgroundSync(store: store).run() }
    }

    @Test("observers see the current value at once, then each change, local or pulled, without repeats")
    func observation() async throws {
        try await TwoMachines.run { machines in
            var titles = machines.b.observeArticles().map { $0.map(\.value.title) }.makeAsyncIterator()
            #expect(try await titles.next() == [])
            try machines.b.saveArticle(url: "https://example.com/local", title: "Local")
            #expect(try await titles.next() == ["Local"])
            try machines.a.saveArticle(url: "https://example.com/remote", title: "Remote")
            try await machines.a.sync()
            try await machines.b.sync()
            // The pull adds "Remote"; the push confirms "Local" (its state changes, its title does not).
            var seen = try await titles.next()
            while seen?.count == 1 { seen = try await titles.next() }
            #expect(Set(seen ?? []) == ["Local", "Remote"])

            var conflicts = machines.b.observeConflicts().makeAsyncIterator()
            #expect(try await conflicts.next() == [])

            var comments = machines.b.observeQueuedComments().map { $0.map(\.body) }.makeAsyncIterator()
            #expect(try await comments.next() == [])
            try machines.b.queueComment(postId: UUID(), body: "Written offline")
            #expect(try await comments.next() == ["Written offline"])
        }
    }

    /// Runs `service` while `body` runs, then cancels it and waits for it to stop.
    static func running(_ service: BackgroundSync, _ body: () async throws -> Void) async throws {
        let task = Task { try await service.run() }
        do {
            try await body()
        } catch {
            task.cancel()
            throw error
        }
        task.cancel()
        try await task.value
    }

    /// The first value of `stream` that satisfies `condition`, failing after 30 s rather than hanging.
    static func first<Value: Sendable>(
        _ stream: AsyncThrowingStream<Value, any Error>, where condition: @escaping @Sendable (Value) -> Bool
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask {
                for try await value in stream where condition(value) { return value }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                return nil
            }
            let value = try await group.next() ?? nil
            group.cancelAll()
            return try #require(value, "the awaited value never came")
        }
    }
}

/// A thread-safe counter for callbacks.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
