import Foundation

/// A clock tests move by hand, so throttles and schedules are checked without waiting.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = start
    }

    /// The time now.
    var now: Date { lock.withLock { current } }

    /// Moves the clock forward.
    func advance(_ seconds: TimeInterval) {
        lock.withLock { current.addTimeInterval(seconds) }
    }

    /// The clock as a dependency.
    var function: @Sendable () -> Date { { self.now } }
}
