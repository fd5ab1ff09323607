import Logging
import ServiceLifecycle

/// Keeps a ``LocalStore`` in sync in the background: shortly after each local change (so edits leave the
/// machine quickly) and every `interval` (so other machines' edits arrive). Run it in a `ServiceGroup`;
/// it stops on graceful shutdown. A failed sync is reported and retried at the next trigger.
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
        /// How often to sync when nothing changes locally.
        public var interval: Duration

        /// Creates a configuration; the defaults suit an interactive app.
        public init(delayAfterChange: Duration = .milliseconds(500), interval: Duration = .seconds(60)) {
            self.delayAfterChange = delayAfterChange
            self.interval = interval
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
        let (triggers, trigger) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let changes = store.localChanges.stream()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [configuration] in
                for await _ in changes {
                    try? await Task.sleep(for: configuration.delayAfterChange)
                    trigger.yield()
                }
            }
            group.addTask { [configuration] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: configuration.interval)
                    trigger.yield()
                }
            }
            trigger.yield()
            for await _ in triggers {
                guard !Task.isCancelled else { break }
                await syncOnce()
            }
            group.cancelAll()
        }
    }

    private func syncOnce() async {
        do {
            let summary = try await store.sync()
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
