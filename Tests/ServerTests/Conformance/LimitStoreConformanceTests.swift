import Foundation
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// The contract of ``LimitStore``, run against every implementation.
@Suite("LimitStore conformance")
struct LimitStoreConformanceTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a counter is created, read back to the millisecond, replaced and deleted", arguments: StoreKind.allCases)
    func lifecycle(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let first = LimitCounter(value: 2.5, updatedAt: start, notBefore: start.addingTimeInterval(1.25))
        let seenFirst = try await store.updateCounter("k") { current in (first, current) }
        #expect(seenFirst == nil)
        let seenSecond = try await store.updateCounter("k") { current in (current, current) }
        #expect(seenSecond == first)
        let seenOther = try await store.updateCounter("other") { current in (nil, current) }
        #expect(seenOther == nil, "keys are separate")
        let seenThird = try await store.updateCounter("k") { current in (nil, current) }
        #expect(seenThird == first)
        let afterDelete = try await store.updateCounter("k") { current in (current, current) }
        #expect(afterDelete == nil)
    }

    @Test("concurrent updates of one key never lose an increment", arguments: StoreKind.allCases)
    func concurrentIncrements(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let now = start
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await store.updateCounter("shared") { current in
                        (LimitCounter(value: (current?.value ?? 0) + 1, updatedAt: now, notBefore: now), ())
                    }
                }
            }
            try await group.waitForAll()
        }
        let total = try await store.updateCounter("shared") { current in (current, current?.value) }
        #expect(total == 40)
    }

    @Test("purging deletes idle counters only", arguments: StoreKind.allCases)
    func purge(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let old = LimitCounter(value: 1, updatedAt: start, notBefore: start)
        let blocked = LimitCounter(value: 9, updatedAt: start, notBefore: start.addingTimeInterval(7_200))
        let fresh = LimitCounter(value: 1, updatedAt: start.addingTimeInterval(4_000), notBefore: start)
        for (key, counter) in [("old", old), ("blocked", blocked), ("fresh", fresh)] {
            try await store.updateCounter(key) { _ in (counter, ()) }
        }
        let purged = try await store.purgeCounters(before: start.addingTimeInterval(3_600))
        #expect(purged == 1)
        for (key, expected) in [("old", nil), ("blocked", blocked), ("fresh", fresh)] as [(String, LimitCounter?)] {
            let found = try await store.updateCounter(key) { current in (current, current) }
            #expect(found == expected, "\(key)")
        }
    }

    @Test("the purge schedule hands each minute's run to one caller", arguments: StoreKind.allCases)
    func schedule(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<10 { group.addTask { try await TombstonePurger.claimRun(now: start, store: store) } }
            return try await group.reduce(into: 0) { count, claimed in count += claimed ? 1 : 0 }
        }
        #expect(claims == 1)
        #expect(try await TombstonePurger.claimRun(now: start.addingTimeInterval(59), store: store) == false)
        #expect(try await TombstonePurger.claimRun(now: start.addingTimeInterval(60), store: store) == true)
    }
}
