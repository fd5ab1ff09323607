import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps a ``LocalStore`` in sync in the background: shortly after each local change (so edits leave the
/// machine quickly) and every `interval` (so other machines' edits arrive) or, in live mode, as soon as
/// the server reports a change through a long-poll. Run it in a `ServiceGroup`; it stops on graceful
/// shutdown. A failed sync is reported and retried at the next trigger.
///
/// ```swift
/// let sync = BackgroundSync(store: store, onSync: { result in print(result) })
/// let group = ServiceGroup(services: [sync], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
public struct BackgroundSync: Service {
    /// When to sync.
    public struct Configuration: Sendable {
        /// How long after a local change to sync, so a burst of edits travels in one push.
        public var delayAfterChange: Duration
        /// How often to sync when nothing changes locally (not used in live mode).
        public var interval: Duration
        /// Live mode: keep a long-poll open and pull as soon as another machine's change lands. Off by default.
        public var live: LiveConfiguration?

        /// Creates a configuration; the defaults suit an interactive app.
        public init(
            delayAfterChange: Duration = .milliseconds(500), interval: Duration = .seconds(60),
            live: LiveConfiguration? = nil
        ) {
            self.delayAfterChange = delayAfterChange
            self.interval = interval
            self.live = live
        }
    }

    /// How live mode waits for changes.
    public struct LiveConfiguration: Sendable {
        /// Seconds the server may hold each long-poll (at most 60). 25 by default, under most proxies' idle limits.
        public var waitSeconds: Int
        /// Seconds between polls when the server or a proxy does not hold requests; also the longest
        /// backoff while the server is unreachable. 10 by default.
        public var fallbackInterval: TimeInterval
        /// Seconds before the first retry after a failure; doubles up to `fallbackInterval`. 0.5 by default.
        public var firstRetry: TimeInterval
        /// Changes asked for per long-poll page. 500 by default.
        public var pageSize: Int

        /// Creates a live configuration; every argument has a default.
        public init(waitSeconds: Int = 25, fallbackInterval: TimeInterval = 10, firstRetry: TimeInterval = 0.5, pageSize: Int = 500) {
            self.waitSeconds = min(max(waitSeconds, 1), 60)
            self.fallbackInterval = fallbackInterval
            self.firstRetry = firstRetry
            self.pageSize = pageSize
        }
    }

    let store: LocalStore
    let configuration: Configuration
    let logger: Logger
    let onSync: @Sendable (Result<SyncSummary, any Error>) -> Void

    /// Creates the service; `onSync` hears the outcome of every sync it runs.
    public init(
        store: LocalStore, configuration: Configuration = .init(), logger: Logger = Logger(label: "satchel.sync"),
        onSync: @escaping @Sendable (Result<SyncSummary, any Error>) -> Void = { _ in }
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.onSync = onSync
    }

    /// Syncs once at start, then after local changes and periodically, until cancelled or shut down.
    public func run() async throws {
        guard store.engine != nil else { throw LocalStoreError.noServer }
        await cancelWhenGracefulShutdown {
            await runUntilCancelled()
        }
    }

    private func runUntilCancelled() async {
        let (triggers, trigger) = AsyncStream<LiveSyncRequest>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let (completions, completed) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
        // How many syncs have started: a live request's ticket, so it waits for a sync that covers it.
        let started = SyncCounter()
        let changes = store.localChanges.stream()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [configuration] in
                for await _ in changes {
                    try? await Task.sleep(for: configuration.delayAfterChange)
                    trigger.yield(.poll)
                }
            }
            if let live = configuration.live, let engine = store.engine {
                let loop = LiveSyncLoop(store: store, server: engine.server, configuration: live, environment: store.environment)
                group.addTask {
                    await loop.run(
                        request: { request in
                            started.count.withLock { count in
                                trigger.yield(request)
                                return count
                            }
                        },
                        completions: completions)
                }
            } else {
                group.addTask { [configuration] in
                    while !Task.isCancelled {
                        try? await Task.sleep(for: configuration.interval)
                        trigger.yield(.poll)
                    }
                }
            }
            trigger.yield(.poll)
            for await request in triggers {
                guard !Task.isCancelled else { break }
                let number = started.count.withLock { count in
                    count += 1
                    return count
                }
                await syncOnce(request)
                completed.yield(number)
            }
            group.cancelAll()
        }
    }

    private func syncOnce(_ request: LiveSyncRequest) async {
        do {
            let summary: SyncSummary
            switch request {
            case .pulled(let page, let cursor): summary = try await store.sync(startingWith: page, after: cursor)
            case .poll: summary = try await store.sync()
            }
            logger.debug("synced", metadata: ["pushed": "\(summary.pushed)", "pulled": "\(summary.pulled)"])
            onSync(.success(summary))
        } catch is CancellationError {
            return
        } catch {
            logger.warning("sync failed; will retry", metadata: ["error": "\(error)"])
            onSync(.failure(error))
        }
    }
}

/// How many syncs a ``BackgroundSync`` has started, shared with its live loop.
private final class SyncCounter: Sendable {
    let count = Mutex(0)
}
