import Foundation
import HTTPTypes
import NIOCore
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelStores
@testable import SatchelHTTP

/// The pure parts of the read path's caches: least-recently-used order, the byte budget, version checks.
@Suite("Response and token caches")
struct ResponseCacheTests {
    @Test("a lookup makes a key the most recent; storing past the budget drops the least recent first")
    func leastRecentlyUsedOrder() {
        var lru = LeastRecentlyUsed<String, Int>(budget: 30)
        lru.set(1, cost: 10, for: "a")
        lru.set(2, cost: 10, for: "b")
        lru.set(3, cost: 10, for: "c")
        #expect(lru.keysByRecency == ["c", "b", "a"])
        #expect(lru.value(for: "a") == 1)
        #expect(lru.keysByRecency == ["a", "c", "b"])
        lru.set(4, cost: 10, for: "d")
        #expect(lru.value(for: "b") == nil, "b was the least recently used")
        #expect(lru.keysByRecency == ["d", "a", "c"])
        #expect(lru.totalCost == 30)
        lru.set(5, cost: 25, for: "e")
        #expect(lru.keysByRecency == ["e"], "a value costing most of the budget pushes out all others")
        #expect(lru.totalCost == 25)
    }

    @Test("replacing a key counts its new cost only; a value over the whole budget is not kept; slots are reused")
    func replacingAndOversized() {
        var lru = LeastRecentlyUsed<String, Int>(budget: 100)
        lru.set(1, cost: 40, for: "a")
        lru.set(2, cost: 50, for: "a")
        #expect(lru.totalCost == 50)
        #expect(lru.count == 1)
        lru.set(3, cost: 101, for: "big")
        #expect(lru.value(for: "big") == nil)
        #expect(lru.value(for: "a") == 2, "an oversized value evicts nothing")
        for round in 0..<1_000 { lru.set(round, cost: 1, for: "k\(round % 7)") }
        #expect(lru.count == 8)
        #expect(lru.totalCost == 57)
        lru.remove("a")
        #expect(lru.totalCost == 7)
        #expect(lru.keysByRecency.count == 7)
    }

    @Test("the response cache serves a body only at the content version it was built at, within its byte budget")
    func responseCacheVersionsAndBudget() {
        let cache = ResponseCache(budgetBytes: 3 * (1_000 + ResponseCache.entryOverhead + 8))
        let v1 = StoreVersions(epoch: 7, content: 1, auth: 0)
        let v2 = StoreVersions(epoch: 7, content: 2, auth: 0)
        func entry(_ versions: StoreVersions, _ byte: UInt8) -> ResponseCache.Entry {
            ResponseCache.Entry(versions: versions, body: ByteBuffer(bytes: [UInt8](repeating: byte, count: 1_000)), headers: [:])
        }
        cache.store(entry(v1, 1), for: "/post-1")
        #expect(cache.entry(for: "/post-1", at: v1)?.body.readableBytes == 1_000)
        #expect(cache.entry(for: "/post-1", at: v2) == nil, "a later content version makes the body stale")
        #expect(cache.entry(for: "/post-1", at: StoreVersions(epoch: 8, content: 1, auth: 0)) == nil, "another epoch")
        #expect(cache.entry(for: "/post-1", at: StoreVersions(epoch: 7, content: 1, auth: 9)) != nil, "auth moves nothing")
        cache.store(entry(v2, 2), for: "/post-1")
        cache.store(entry(v1, 3), for: "/post-1")
        #expect(cache.entry(for: "/post-1", at: v2)?.body.getInteger(at: 0, as: UInt8.self) == 2,
                "a late store of an older version does not replace a newer body")
        for page in 2...5 { cache.store(entry(v2, UInt8(page)), for: "/post-\(page)") }
        #expect(cache.count == 3)
        #expect(cache.usedBytes <= 3 * (1_000 + ResponseCache.entryOverhead + 8))
        #expect(cache.entry(for: "/post-1", at: v2) == nil, "the least recently used went first")
        #expect(cache.entry(for: "/post-5", at: v2) != nil)
    }

    @Test("a cached token holds until its auth version moves, its expiry, or the cache's lifetime")
    func tokenCacheInvalidation() {
        let cache = TokenCache(capacity: 2, lifetime: 60)
        let user = Fixtures.user("reader").user
        let now = Date(timeIntervalSince1970: 1_000_000)
        let versions = StoreVersions(epoch: 1, content: 5, auth: 3)
        cache.remember(user, forTokenHash: "t1", versions: versions, expiresAt: now.addingTimeInterval(3_600), now: now)
        #expect(cache.user(forTokenHash: "t1", versions: versions, now: now) == user)
        #expect(cache.user(forTokenHash: "t1", versions: StoreVersions(epoch: 1, content: 9, auth: 3), now: now) == user,
                "content writes do not touch tokens")
        #expect(cache.user(forTokenHash: "t1", versions: StoreVersions(epoch: 1, content: 5, auth: 4), now: now) == nil,
                "a logout or user change anywhere empties it")
        #expect(cache.count == 0)
        cache.remember(user, forTokenHash: "t2", versions: versions, expiresAt: now.addingTimeInterval(10), now: now)
        #expect(cache.user(forTokenHash: "t2", versions: versions, now: now.addingTimeInterval(9.9)) == user)
        #expect(cache.user(forTokenHash: "t2", versions: versions, now: now.addingTimeInterval(10)) == nil, "expired")
        cache.remember(user, forTokenHash: "t3", versions: versions, expiresAt: now.addingTimeInterval(3_600), now: now)
        #expect(cache.user(forTokenHash: "t3", versions: versions, now: now.addingTimeInterval(61)) == nil, "lifetime")
        for n in 0..<5 {
            cache.remember(user, forTokenHash: "n\(n)", versions: versions, expiresAt: now.addingTimeInterval(3_600), now: now)
        }
        #expect(cache.count == 2, "at most its capacity")
    }

    @Test("hex digests match String(format:)")
    func hexDigest() {
        let bytes: [UInt8] = [0, 1, 15, 16, 127, 128, 200, 255]
        #expect(HexDigest.text(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
    }
}
