import Foundation

/// How a server process polls the feeds its readers follow (docs/FEEDS.md, "Polling").
public struct FeedPollingSettings: Sendable {
    /// Whether this process polls at all (several processes may share the work; each takes leases).
    public var enabled = true
    /// How many of a feed's latest entries a new follow takes, not its whole archive.
    public var initialEntries = 3
    /// How often the poller looks for due feeds when nothing wakes it.
    public var tick: Duration = .seconds(5)
    /// Feeds leased per round.
    public var batch = 50
    /// Feeds checked at once.
    public var concurrency = 8
    /// How long a lease lasts: a process that dies mid-check loses its feeds to another after this.
    public var lease: TimeInterval = 600
    /// The gap between two requests to one host (one a second; `.zero` only in loopback tests and benchmarks,
    /// where every feed is on one host).
    public var hostInterval: Duration = .seconds(1)
    /// Most items delivered to one follow in one check (the newest): a feed back from a long outage with 500
    /// new entries does not flood a reading list.
    public var maxDeliveriesPerCheck = 20
    /// Wakes this process's poller.
    public let signal = FeedPollSignal()

    /// The defaults.
    public init() {}
}
