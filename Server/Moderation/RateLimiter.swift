import Foundation

/// A token-bucket rate limiter keyed by client. Limits protect the server; nothing that
/// correctness depends on lives here, so several server processes may each keep their own.
public actor RateLimiter {
    /// Requests allowed in a burst.
    public let capacity: Double
    /// Tokens regained per second.
    public let refillPerSecond: Double
    private var buckets: [String: (tokens: Double, updated: Date)] = [:]

    /// Creates a limiter allowing `capacity` requests at once, refilling `capacity` tokens per `per` seconds.
    public init(capacity: Int, per interval: TimeInterval) {
        self.capacity = Double(capacity)
        self.refillPerSecond = Double(capacity) / interval
    }

    /// Takes one token for `key` at `now`; returns `nil` when allowed, or the seconds to wait.
    public func acquire(_ key: String, now: Date) -> Int? {
        var bucket = buckets[key] ?? (capacity, now)
        let elapsed = max(0, now.timeIntervalSince(bucket.updated))
        bucket.tokens = min(capacity, bucket.tokens + elapsed * refillPerSecond)
        bucket.updated = now
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            buckets[key] = bucket
            if buckets.count > 100_000 { prune(now: now) }
            return nil
        }
        buckets[key] = bucket
        return max(1, Int(((1 - bucket.tokens) / refillPerSecond).rounded(.up)))
    }

    private func prune(now: Date) {
        buckets = buckets.filter { now.timeIntervalSince($0.value.updated) * refillPerSecond < capacity }
    }
}
