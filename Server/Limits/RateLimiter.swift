import Foundation
import SatchelStores

/// A token-bucket rate limit keyed by client, kept in a ``LimitStore`` so that every server process
/// shares it: a client gets the same limit behind a load balancer with N processes as with one.
public struct RateLimiter: Sendable {
    /// Requests allowed in a burst.
    public let capacity: Double
    /// Tokens regained per second.
    public let refillPerSecond: Double
    /// Keeps buckets apart from other counters in the store (`comment`, say).
    public let scope: String

    /// Creates a limit of `capacity` requests at once, refilling `capacity` tokens per `per` seconds.
    public init(capacity: Int, per interval: TimeInterval, scope: String = "comment") {
        self.capacity = Double(capacity)
        self.refillPerSecond = Double(capacity) / interval
        self.scope = scope
    }

    /// Takes one token for `key` at `now`; returns `nil` when allowed, or the whole seconds to wait.
    public func acquire(_ key: String, now: Date, store: any LimitStore) async throws -> Int? {
        try await store.updateCounter("rate:\(scope):\(key)") { counter in take(counter, now: now) }
    }

    /// The bucket after one request at `now`, and the seconds to wait when it had no token. Pure.
    func take(_ counter: LimitCounter?, now: Date) -> (LimitCounter?, Int?) {
        var tokens = capacity
        if let counter {
            let elapsed = max(0, now.timeIntervalSince(counter.updatedAt))
            tokens = min(capacity, counter.value + elapsed * refillPerSecond)
        }
        guard tokens >= 1 else {
            // Refused requests do not touch the bucket: its refill is computed from the last change.
            let wait = max(1, Int(((1 - tokens) / refillPerSecond).rounded(.up)))
            return (counter, wait)
        }
        return (LimitCounter(value: tokens - 1, updatedAt: now, notBefore: now), nil)
    }
}
