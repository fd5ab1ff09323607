import Foundation
import SatchelShared

/// Exponential backoff with full jitter, for reconnecting the cross-process feed listener.
enum LiveBackoff {
    /// A random pause in [first/2, cap] where cap doubles with each attempt up to `most`.
    static func delay(
        attempt: Int, first: Duration, most: Duration, random: (ClosedRange<Double>) -> Double = { .random(in: $0) }
    ) -> Duration {
        let exponent = Double(min(max(attempt - 1, 0), 20))
        let firstSeconds = first.inSeconds
        let cap = min(most.inSeconds, firstSeconds * pow(2, exponent))
        return .seconds(interval: random(firstSeconds / 2...max(firstSeconds / 2, cap)))
    }
}
