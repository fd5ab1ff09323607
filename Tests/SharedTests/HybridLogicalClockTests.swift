import Foundation
import Testing
import SatchelShared
import SatchelSync

@Suite("HLCTimestamp")
struct HLCTimestampTests {
    @Test func stringFormIsFixedWidthAndSortable() {
        let stamp = HLCTimestamp(wallMillis: 1_732_850_000_000, counter: 7, node: "laptop")
        #expect(stamp.description == "0001732850000000-0000000007-laptop")
        #expect(HLCTimestamp(string: stamp.description) == stamp)
    }

    @Test func nodeWithDashesAndUnicodeRoundTrips() {
        for node in ["", "a-b-c", "-", "café", "0000-0000"] {
            let stamp = HLCTimestamp(wallMillis: 42, counter: UInt32.max, node: node)
            #expect(HLCTimestamp(string: stamp.description) == stamp, "node \(node)")
        }
    }

    @Test func malformedStringsAreRejected() {
        for text in ["", "0001732850000000-0000000007", "1732850000000-0000000007-x",
                     "0001732850000000-4294967296-x", "000173285000000a-0000000007-x",
                     "0001732850000000_0000000007-x", "+001732850000000-0000000007-x"] {
            #expect(HLCTimestamp(string: text) == nil, "\(text)")
        }
    }

    @Test func ordersByWallThenCounterThenNode() {
        let base = HLCTimestamp(wallMillis: 10, counter: 5, node: "m")
        #expect(base < HLCTimestamp(wallMillis: 11, counter: 0, node: "a"))
        #expect(base < HLCTimestamp(wallMillis: 10, counter: 6, node: "a"))
        #expect(base < HLCTimestamp(wallMillis: 10, counter: 5, node: "n"))
        #expect(!(base < base))
    }

    @Test func wallTimeIsClampedToTheSortableRange() {
        #expect(HLCTimestamp(wallMillis: -5, counter: 0, node: "x").wallMillis == 0)
        var stamp = HLCTimestamp(wallMillis: 0, counter: 0, node: "x")
        stamp.wallMillis = .max
        #expect(stamp.wallMillis == HLCTimestamp.maxWallMillis)
        #expect(HLCTimestamp(string: stamp.description) == stamp)
    }

    @Test func codableAsSingleString() throws {
        let stamp = HLCTimestamp(wallMillis: 3, counter: 2, node: "srv")
        let data = try JSONEncoder().encode([stamp])
        #expect(String(decoding: data, as: UTF8.self) == #"["0000000000000003-0000000002-srv"]"#)
        #expect(try JSONDecoder().decode([HLCTimestamp].self, from: data) == [stamp])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([HLCTimestamp].self, from: Data(#"["nope"]"#.utf8))
        }
    }

    @Test func stringOrderMatchesComparableAndRoundTrips() throws {
        try forEachSeed { seed, random in
            let a = randomStamp(&random), b = randomStamp(&random)
            #expect((a < b) == (a.description < b.description), "seed \(seed)")
            #expect((a == b) == (a.description == b.description), "seed \(seed)")
            #expect(HLCTimestamp(string: a.description) == a, "seed \(seed)")
            let decoded = try JSONDecoder().decode(HLCTimestamp.self, from: JSONEncoder().encode(a))
            #expect(decoded == a, "seed \(seed)")
        }
    }
}

@Suite("HybridLogicalClock")
struct HybridLogicalClockTests {
    @Test func nowFollowsPhysicalTimeWhenItAdvances() {
        var clock = HybridLogicalClock(node: "a")
        #expect(clock.now(physicalMillis: 1_000) == HLCTimestamp(wallMillis: 1_000, counter: 0, node: "a"))
        #expect(clock.now(physicalMillis: 1_000) == HLCTimestamp(wallMillis: 1_000, counter: 1, node: "a"))
        #expect(clock.now(physicalMillis: 2_000) == HLCTimestamp(wallMillis: 2_000, counter: 0, node: "a"))
    }

    @Test func nowStaysMonotonicWhenTheWallClockGoesBack() {
        var clock = HybridLogicalClock(node: "a")
        _ = clock.now(physicalMillis: 5_000)
        #expect(clock.now(physicalMillis: 4_000) == HLCTimestamp(wallMillis: 5_000, counter: 1, node: "a"))
        #expect(clock.last == HLCTimestamp(wallMillis: 5_000, counter: 1, node: "a"))
    }

    @Test func counterOverflowAdvancesTheWallTime() {
        let last = HLCTimestamp(wallMillis: 9, counter: .max, node: "a")
        var clock = HybridLogicalClock(node: "a", last: last)
        #expect(clock.now(physicalMillis: 9) == HLCTimestamp(wallMillis: 10, counter: 0, node: "a"))
    }

    @Test func restoredClockContinuesAfterItsLastReading() {
        let last = HLCTimestamp(wallMillis: 50, counter: 3, node: "a")
        var clock = HybridLogicalClock(node: "a", last: last)
        #expect(clock.now(physicalMillis: 10) > last)
    }

    @Test func receiveTakesTheLargestWallTime() {
        var clock = HybridLogicalClock(node: "s")
        _ = clock.now(physicalMillis: 100)
        let fromAhead = clock.receive(HLCTimestamp(wallMillis: 200, counter: 4, node: "c"), physicalMillis: 150)
        #expect(fromAhead == HLCTimestamp(wallMillis: 200, counter: 5, node: "s"))
        let sameWall = clock.receive(HLCTimestamp(wallMillis: 200, counter: 9, node: "c"), physicalMillis: 150)
        #expect(sameWall == HLCTimestamp(wallMillis: 200, counter: 10, node: "s"))
        let fromBehind = clock.receive(HLCTimestamp(wallMillis: 10, counter: 99, node: "c"), physicalMillis: 150)
        #expect(fromBehind == HLCTimestamp(wallMillis: 200, counter: 11, node: "s"))
        let physicalAhead = clock.receive(HLCTimestamp(wallMillis: 10, counter: 1, node: "c"), physicalMillis: 300)
        #expect(physicalAhead == HLCTimestamp(wallMillis: 300, counter: 0, node: "s"))
    }

    @Test func receiveClampsARunawayRemoteClock() {
        var clock = HybridLogicalClock(node: "s", maxDriftMillis: 1_000)
        let runaway = HLCTimestamp(wallMillis: 9_000_000, counter: 3, node: "c")
        #expect(clock.bounded(runaway, physicalMillis: 5_000) == HLCTimestamp(wallMillis: 6_000, counter: 3, node: "c"))
        let received = clock.receive(runaway, physicalMillis: 5_000)
        #expect(received == HLCTimestamp(wallMillis: 6_000, counter: 4, node: "s"))
        #expect(clock.now(physicalMillis: 5_001) == HLCTimestamp(wallMillis: 6_000, counter: 5, node: "s"))
    }

    @Test func boundedLeavesTimestampsWithinDriftAlone() {
        let clock = HybridLogicalClock(node: "s", maxDriftMillis: 1_000)
        let edge = HLCTimestamp(wallMillis: 6_000, counter: 8, node: "c")
        #expect(clock.bounded(edge, physicalMillis: 5_000) == edge)
        #expect(clock.bounded(edge, physicalMillis: .max) == edge)
    }

    @Test func nowIsStrictlyIncreasingUnderRandomWallClocks() {
        forEachSeed { seed, random in
            var clock = HybridLogicalClock(node: "n")
            var physical = Int64.random(in: 0...2_000_000_000_000, using: &random)
            var previous = clock.last
            for _ in 0..<20 {
                physical += Int64.random(in: -5_000...5_000, using: &random)
                let stamp = clock.now(physicalMillis: physical)
                #expect(stamp > previous, "seed \(seed)")
                #expect(stamp.wallMillis >= physical, "seed \(seed)")
                #expect(stamp == clock.last, "seed \(seed)")
                previous = stamp
            }
        }
    }

    @Test func receiveOrdersAfterBothSidesAndRespectsTheBound() {
        forEachSeed { seed, random in
            let drift = Int64.random(in: 0...60_000, using: &random)
            let last = HLCTimestamp(
                wallMillis: Int64.random(in: 1_000_000...1_100_000, using: &random),
                counter: UInt32.random(in: 0...1_000, using: &random), node: "s")
            var clock = HybridLogicalClock(node: "s", last: last, maxDriftMillis: drift)
            let physical = Int64.random(in: 1_000_000...1_100_000, using: &random)
            let remote = HLCTimestamp(
                wallMillis: Int64.random(in: 900_000...1_300_000, using: &random),
                counter: UInt32.random(in: 0...1_000, using: &random), node: randomNode(&random))
            let bound = physical + drift
            let received = clock.receive(remote, physicalMillis: physical)
            #expect(received > last, "seed \(seed)")
            #expect(received == clock.last, "seed \(seed)")
            #expect(received.node == "s", "seed \(seed)")
            #expect(received.wallMillis <= max(last.wallMillis, bound), "seed \(seed)")
            let bounded = clock.bounded(remote, physicalMillis: physical)
            #expect(bounded.wallMillis <= bound, "seed \(seed)")
            #expect(received > bounded, "seed \(seed)")
            if remote.wallMillis <= bound {
                #expect(bounded == remote, "seed \(seed)")
                #expect(received > remote, "seed \(seed)")
            } else {
                #expect(bounded.wallMillis == bound, "seed \(seed)")
            }
        }
    }
}

private func randomNode(_ random: inout SeededGenerator) -> String {
    let alphabet = Array("ab-Z09é")
    return String((0..<Int.random(in: 0...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
}

private func randomStamp(_ random: inout SeededGenerator) -> HLCTimestamp {
    // Narrow ranges so that equal walls and counters, where the node decides, come up often.
    HLCTimestamp(
        wallMillis: Bool.random(using: &random)
            ? Int64.random(in: 0...3, using: &random) : Int64.random(in: 0...HLCTimestamp.maxWallMillis, using: &random),
        counter: Bool.random(using: &random) ? UInt32.random(in: 0...3, using: &random) : .random(in: 0...(.max), using: &random),
        node: randomNode(&random))
}
