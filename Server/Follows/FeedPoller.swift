import Foundation
import Logging
import SatchelPageCapture
import SatchelStores
import ServiceLifecycle

/// Polls the feeds this server's readers follow, as a service beside the HTTP server: each round it leases the
/// feeds that are due (``FeedStore/leaseDueFeeds(holder:now:until:limit:)``, so that several processes over one
/// PostgreSQL database share the work and each feed is checked by one), checks them a few at a time with one
/// request a second per host, and sleeps until the next tick or a wake (a new follow, a check asked for).
///
/// ```swift
/// let poller = FeedPoller(dependencies: dependencies)
/// let app = try await SatchelApplication.make(configuration: configuration, dependencies: dependencies, services: [poller])
/// ```
public final class FeedPoller: Service, Sendable {
    let dependencies: ServerDependencies
    /// This process's name on the leases it takes.
    public let holder: String
    /// What this poller has done.
    public let statistics = FeedPollStatistics()
    private let pacer: HostPacer
    private let logger: Logger

    /// A poller over `dependencies`' stores, fetcher and ``FeedPollingSettings``.
    public init(dependencies: ServerDependencies, logger: Logger = Logger(label: "satchel.feeds")) {
        self.dependencies = dependencies
        self.holder = "poller-\(UUID().uuidString.lowercased())"
        let interval = dependencies.feedPolling.hostInterval
        self.pacer = HostPacer(interval: interval, maximumInterval: max(interval, .seconds(300)))
        self.logger = logger
    }

    /// Polls until the service is shut down or cancelled.
    public func run() async throws {
        guard dependencies.feedPolling.enabled else { return }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.pollRound()
                await self.dependencies.feedPolling.signal.wait(timeout: self.dependencies.feedPolling.tick)
            }
        }
    }

    /// Checks every feed due now, in leased batches; returns how many were checked.
    @discardableResult
    public func pollRound() async -> Int {
        let settings = dependencies.feedPolling
        var checked = 0
        while !Task.isCancelled {
            let now = dependencies.clock()
            let feeds: [PolledFeed]
            do {
                feeds = try await dependencies.feeds.leaseDueFeeds(
                    holder: holder, now: now, until: now.addingTimeInterval(settings.lease), limit: settings.batch)
            } catch {
                logger.warning("Could not lease due feeds", metadata: ["error": "\(error)"])
                return checked
            }
            if feeds.isEmpty { return checked }
            let checker = FeedChecker(dependencies: dependencies, holder: holder, pacer: pacer, statistics: statistics)
            await withTaskGroup(of: Void.self) { group in
                var running = 0
                for feed in feeds {
                    if running >= max(1, settings.concurrency) {
                        _ = await group.next()
                        running -= 1
                    }
                    group.addTask { await checker.check(feed) }
                    running += 1
                }
            }
            checked += feeds.count
            if feeds.count < settings.batch { return checked }
        }
        return checked
    }
}
