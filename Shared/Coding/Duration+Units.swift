import Foundation

extension Duration {
    /// This duration in seconds, with its fraction: the one conversion from `Duration` the project uses
    /// (for `TimeInterval`s, timers and gauges).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// This duration in milliseconds, with its fraction (request logs, `Server-Timing`, latencies).
    public var inMilliseconds: Double {
        Double(components.seconds) * 1e3 + Double(components.attoseconds) / 1e15
    }

    /// The whole nanoseconds of this duration (timers that take integers); negative durations count down.
    public var wholeNanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    /// The duration of `seconds` seconds (a `TimeInterval`), rounded to the nearest microsecond.
    public static func seconds(interval seconds: TimeInterval) -> Duration {
        .microseconds(Int64((seconds * 1e6).rounded()))
    }
}
