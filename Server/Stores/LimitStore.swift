import Foundation

/// One named counter behind a rate limit, a login throttle or a shared schedule.
///
/// What `value` counts is the caller's business (tokens left in a bucket, failed attempts); the store
/// only keeps it, so that every server process over one database shares the same counters.
public struct LimitCounter: Sendable, Hashable {
    /// Tokens left, attempts made, or runs done.
    public var value: Double
    /// When the counter last changed (millisecond precision).
    public var updatedAt: Date
    /// Nothing is allowed under this key before this time.
    public var notBefore: Date

    /// Creates a counter.
    public init(value: Double, updatedAt: Date, notBefore: Date) {
        (self.value, self.updatedAt, self.notBefore) = (value, updatedAt, notBefore)
    }
}

/// Counters shared by every server process: comment rate limits, login throttling, the tombstone purge
/// schedule. No limit lives in a process's memory, so N processes behind a load balancer give a client
/// the same limit as one.
public protocol LimitStore: Sendable {
    /// Atomically reads the counter under `key` (`nil` when there is none), lets `decide` choose its new
    /// state (`nil` deletes it) and an outcome, stores the state and returns the outcome. Concurrent
    /// updates of one key, from any process, run one after the other.
    func updateCounter<Outcome: Sendable>(
        _ key: String, _ decide: @escaping @Sendable (LimitCounter?) -> (LimitCounter?, Outcome)
    ) async throws -> Outcome

    /// Deletes counters that last changed before `cutoff` and allow everything by then; returns how many.
    @discardableResult func purgeCounters(before cutoff: Date) async throws -> Int
}
