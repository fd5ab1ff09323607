import Foundation

/// Media items waiting for their variants, worked through at most ``concurrency`` at once: the work is
/// CPU and memory heavy (a whole decode of the original, then every width in two formats), so uploads
/// that arrive together queue here instead of taking every core. An id already waiting or in work is not
/// queued twice. The work itself is handed in by the media routes (`Server/Media`).
public actor MediaVariantQueue {
    /// Items made at once.
    public let concurrency: Int
    private var waiting: [UUID] = []
    private var queued: Set<UUID> = []
    private var running = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var resumeClaimed = false

    /// Creates a queue; two items at once by default (one per core of a small server).
    public init(concurrency: Int = 2) {
        self.concurrency = max(1, concurrency)
    }

    /// Queues `id`, to be handed to `work` when a slot is free.
    public func enqueue(_ id: UUID, work: @escaping @Sendable (UUID) async -> Void) {
        guard queued.insert(id).inserted else { return }
        waiting.append(id)
        pump(work)
    }

    /// Returns once nothing is waiting or in work (tests and the benchmark wait for the variants here).
    public func waitUntilIdle() async {
        if running == 0 && waiting.isEmpty { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    /// True the first time only: the caller then looks for items an earlier process left pending.
    public func claimResume() -> Bool {
        defer { resumeClaimed = true }
        return !resumeClaimed
    }

    /// Items waiting or in work.
    public var count: Int { waiting.count + running }

    private func pump(_ work: @escaping @Sendable (UUID) async -> Void) {
        while running < concurrency, !waiting.isEmpty {
            let id = waiting.removeFirst()
            running += 1
            Task {
                await work(id)
                self.finished(id, work)
            }
        }
        if running == 0 && waiting.isEmpty {
            let waiters = idleWaiters
            idleWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
        }
    }

    private func finished(_ id: UUID, _ work: @escaping @Sendable (UUID) async -> Void) {
        running -= 1
        queued.remove(id)
        pump(work)
    }
}
