import SatchelShared

/// The clock state of one node; a value type, time injected.
///
/// Physical time is passed in rather than read so that tests and simulations are deterministic.
/// ```swift
/// var clock = HybridLogicalClock(node: "laptop")
/// let stamp = clock.now(physicalMillis: 1_732_850_000_000)
/// ```
public struct HybridLogicalClock: Sendable {
    /// This node's id, written into every timestamp the clock makes.
    public let node: String
    /// How far ahead of physical time a remote timestamp may be before it is clamped.
    public let maxDriftMillis: Int64
    /// The latest timestamp this clock issued; every later one orders after it.
    public private(set) var last: HLCTimestamp

    /// Creates a fresh clock whose first reading is at or after physical time.
    public init(node: String, maxDriftMillis: Int64 = 60_000) {
        self.init(node: node, last: HLCTimestamp(wallMillis: 0, counter: 0, node: node),
                  maxDriftMillis: maxDriftMillis)
    }

    /// Restores a clock from its persisted last reading, so a restart never reissues a timestamp.
    public init(node: String, last: HLCTimestamp, maxDriftMillis: Int64 = 60_000) {
        self.node = node
        self.last = last
        self.maxDriftMillis = max(0, maxDriftMillis)
    }

    /// A timestamp for a local event at physical time `physicalMillis`.
    ///
    /// Strictly after `last` even if the wall clock went back: the wall part then stays put and the
    /// counter advances. If the counter would overflow, the wall part advances by one millisecond.
    public mutating func now(physicalMillis: Int64) -> HLCTimestamp {
        let physical = HLCTimestamp.clampedWall(physicalMillis)
        if physical > last.wallMillis {
            last = HLCTimestamp(wallMillis: physical, counter: 0, node: node)
        } else {
            last = successor(wallMillis: last.wallMillis, counter: last.counter)
        }
        return last
    }

    /// Merges a timestamp received from elsewhere and returns this clock's new reading.
    ///
    /// The remote timestamp is first passed through `bounded(_:physicalMillis:)`: if its wall time is
    /// more than `maxDriftMillis` ahead of `physicalMillis`, it is treated as if it were exactly
    /// `physicalMillis + maxDriftMillis` (counter and node kept), so one machine with a runaway clock
    /// cannot drag this clock, and every later write, arbitrarily far into the future.
    /// The returned timestamp carries this clock's node and orders strictly after the previous `last`
    /// and after the (bounded) remote; record it as the time the remote event was received.
    /// When the remote was within bounds it therefore orders after the original remote too.
    public mutating func receive(_ remote: HLCTimestamp, physicalMillis: Int64) -> HLCTimestamp {
        let remote = bounded(remote, physicalMillis: physicalMillis)
        let physical = HLCTimestamp.clampedWall(physicalMillis)
        let wall = max(last.wallMillis, remote.wallMillis, physical)
        switch (wall == last.wallMillis, wall == remote.wallMillis) {
        case (true, true):
            last = successor(wallMillis: wall, counter: max(last.counter, remote.counter))
        case (true, false):
            last = successor(wallMillis: wall, counter: last.counter)
        case (false, true):
            last = successor(wallMillis: wall, counter: remote.counter)
        case (false, false):
            last = HLCTimestamp(wallMillis: wall, counter: 0, node: node)
        }
        return last
    }

    /// Clamps a timestamp's wall time to at most `physicalMillis + maxDriftMillis`, keeping its counter
    /// and node; a timestamp within that bound is returned unchanged.
    ///
    /// The server uses this to bound client clocks before a client's write can win last-writer-wins.
    public func bounded(_ remote: HLCTimestamp, physicalMillis: Int64) -> HLCTimestamp {
        let (sum, overflow) = physicalMillis.addingReportingOverflow(maxDriftMillis)
        let limit = overflow ? Int64.max : sum
        guard remote.wallMillis > limit else { return remote }
        return HLCTimestamp(wallMillis: limit, counter: remote.counter, node: remote.node)
    }

    private func successor(wallMillis: Int64, counter: UInt32) -> HLCTimestamp {
        if counter == UInt32.max {
            return HLCTimestamp(wallMillis: wallMillis + 1, counter: 0, node: node)
        }
        return HLCTimestamp(wallMillis: wallMillis, counter: counter + 1, node: node)
    }
}
