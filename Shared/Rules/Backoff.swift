import Foundation
import SatchelShared

/// Exponential backoff with jitter, honouring the server's `Retry-After`.
public struct Backoff: Sendable, Hashable {
    /// Delay before the first retry. 0.5 s by default.
    public var initial: TimeInterval
    /// Longest delay. 60 s by default.
    public var maximum: TimeInterval

    /// Creates a backoff policy.
    public init(initial: TimeInterval = 0.5, maximum: TimeInterval = 60) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before retry number `attempt` (1-based): `initial × 2^(attempt−1)`, capped, scaled by a
    /// random factor in 0.5…1 ("equal jitter") so that many clients do not retry in lockstep; never less
    /// than `retryAfter` when the server gave one. `random` returns values in 0..<1.
    public func delay(attempt: Int, retryAfter: TimeInterval?, random: Double) -> TimeInterval {
        let exponential = min(maximum, initial * pow(2, Double(max(0, attempt - 1))))
        let jittered = exponential * (0.5 + 0.5 * min(max(random, 0), 1))
        return max(jittered, min(retryAfter ?? 0, maximum * 5))
    }
}
