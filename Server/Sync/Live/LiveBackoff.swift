import Foundation

/// Exponential backoff with full jitter, for reconnecting the cross-process feed listener.
enum LiveBackoff {
    /// A random pause in [first/2, cap] where cap doubles with each attempt up to `most`.
    static func delay(
        attempt: Int, first: Duration, most: Duration, random: (ClosedRange<Double>) -> Double = { .random(in: $0) }
    ) -> Duration {
        let exponent = Double(min(max(attempt - 1, 0), 20))
        let firstSeconds = Self.seconds(first)
        let cap = min(Self.seconds(most), firstSeconds * pow(2, exponent))
        return .milliseconds(Int64(random(firstSeconds / 2...max(firstSeconds / 2, cap)) * 1000))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
