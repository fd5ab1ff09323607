import Synchronization

/// What a process's poller has done since it started, for tests, the benchmark and logs: every check, how many
/// answered `304` (and so cost no parse), how many were parsed, failed, and the items delivered.
public final class FeedPollStatistics: Sendable {
    private let counters = Mutex(Counts())

    /// The counts at one moment.
    public struct Counts: Sendable, Equatable {
        /// Checks made.
        public var checks = 0
        /// Checks answered `304 Not Modified`.
        public var notModified = 0
        /// Feed documents parsed.
        public var parses = 0
        /// Checks that failed.
        public var failures = 0
        /// Items delivered (to reading lists and inboxes).
        public var delivered = 0
    }

    /// Zero counts.
    public init() {}

    /// The counts now.
    public var counts: Counts { counters.withLock { $0 } }

    func record(_ change: (inout Counts) -> Void) {
        counters.withLock { change(&$0) }
    }
}
