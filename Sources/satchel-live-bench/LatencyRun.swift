import SatchelClient
import Foundation
import Logging

/// Write on machine A, visible on machine B: A saves an article and syncs; B runs ``BackgroundSync``
/// in live mode (a long-poll held by its server) and never calls `sync()` itself. The clock runs from
/// just before A's local write to the end of the B sync that stored the article.
struct LatencyRun {
    let serverA: String
    let serverB: String
    let writes: Int

    /// The latencies in milliseconds, one per write, in order.
    func run() async throws -> [Double] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-live-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let username = "reader\(UInt32.random(in: 0...UInt32.max))"
        let account = try await SatchelAPI(transport: CurlTransport(baseURL: serverA))
            .register(username: username, password: "correct horse", email: "\(username)@example.com")
        let a = try LocalStore(
            path: directory.appendingPathComponent("a.sqlite").path,
            server: SatchelAPI(transport: CurlTransport(baseURL: serverA), token: account.token), fsyncEveryCommit: false)
        let b = try LocalStore(
            path: directory.appendingPathComponent("b.sqlite").path,
            server: SatchelAPI(transport: CurlTransport(baseURL: serverB), token: account.token), fsyncEveryCommit: false)
        let arrivals = ArrivalWatch(store: b)
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let live = BackgroundSync(
            store: b, configuration: .init(delayAfterChange: .seconds(3600), live: .init(waitSeconds: 30)), logger: logger,
            onSync: { _ in arrivals.check() })
        let service = Task { try await live.run() }
        defer { service.cancel() }
        // Let B's first sync and first long-poll settle.
        try await Task.sleep(for: .milliseconds(500))
        var latencies: [Double] = []
        latencies.reserveCapacity(writes)
        for index in 0..<writes {
            let start = ContinuousClock.now
            let article = try a.saveArticle(url: "https://example.com/live/\(index)", title: "Live \(index)")
            // B cannot hold it before A pushes, so watching from here misses nothing.
            let arrived = arrivals.expect(article.id)
            try await a.sync()
            await arrived()
            let elapsed = ContinuousClock.now - start
            latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        return latencies
    }
}

/// Resumes a waiter once machine B's store holds what is expected. `@unchecked Sendable`: `lock` guards the fields.
final class ArrivalWatch: @unchecked Sendable {
    private let store: LocalStore
    private let lock = NSLock()
    private var expected: (@Sendable (LocalStore) -> Bool)?
    private var arrived = false
    private var waiter: CheckedContinuation<Void, Never>?

    init(store: LocalStore) { self.store = store }

    /// Starts watching for the article `id`; the returned function waits until it arrived.
    func expect(_ id: UUID) -> () async -> Void {
        expect { store in (try? store.article(id)) != nil }
    }

    /// Starts watching until `holds` says the store has it; the returned function waits until then.
    func expect(_ holds: @escaping @Sendable (LocalStore) -> Bool) -> () async -> Void {
        lock.withLock {
            expected = holds
            arrived = false
            waiter = nil
        }
        return { [self] in
            await withCheckedContinuation { continuation in
                let done = lock.withLock {
                    if arrived { return true }
                    waiter = continuation
                    return false
                }
                if done { continuation.resume() }
            }
        }
    }

    /// Called after each of B's syncs.
    func check() {
        guard let holds = lock.withLock({ expected }), holds(store) else { return }
        let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
            guard expected != nil else { return nil }
            expected = nil
            arrived = true
            defer { waiter = nil }
            return waiter
        }
        continuation?.resume()
    }
}
