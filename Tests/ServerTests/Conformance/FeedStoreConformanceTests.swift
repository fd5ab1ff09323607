import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// The contract of ``FeedStore``, run against every implementation.
@Suite("FeedStore conformance")
struct FeedStoreConformanceTests {
    let now = Date(millis: 1_796_652_000_000)

    func subscription(user: UUID = UUID(), name: String = "Site", initial: Int = 3, at date: Date? = nil) -> FeedSubscription {
        FeedSubscription(followId: UUID(), userId: user, feedId: UUID(), name: name, initialEntries: initial, createdAt: date ?? now)
    }

    @Test("a feed is made once for all its followers, due at once, and dropped with its last follower", arguments: StoreKind.allCases)
    func subscribeAndUnsubscribe(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let ada = UUID(), bob = UUID()
        let first = subscription(user: ada, name: "Ada's")
        let feed = try await store.subscribe(first, url: "https://a.example/feed", now: now)
        #expect(feed.id == first.feedId)
        #expect(feed.nextCheckAt == now)
        #expect(feed.interval == FeedStoreLimits.initialInterval)
        #expect(try await store.subscribe(first, url: "https://a.example/feed", now: now.addingTimeInterval(5)) == feed,
                "a repeated subscribe changes nothing")
        let second = subscription(user: bob, name: "Bob's", at: now.addingTimeInterval(1))
        let shared = try await store.subscribe(second, url: "https://a.example/feed", now: now.addingTimeInterval(1))
        #expect(shared.id == feed.id)
        #expect(try await store.subscribers(feedId: feed.id).map(\.followId) == [first.followId, second.followId])
        let followed = try await store.followedFeeds(userId: bob)
        #expect(followed.count == 1)
        #expect(followed.first?.subscription.name == "Bob's")
        #expect(followed.first?.subscription.primed == false)
        #expect(followed.first?.feed.url == "https://a.example/feed")
        // Someone else's follow id does nothing.
        try await store.unsubscribe(followId: first.followId, userId: bob)
        #expect(try await store.subscribers(feedId: feed.id).count == 2)
        try await store.unsubscribe(followId: first.followId, userId: ada)
        #expect(try await store.feed(id: feed.id) != nil)
        try await store.unsubscribe(followId: second.followId, userId: bob)
        #expect(try await store.feed(id: feed.id) == nil)
        #expect(try await store.followedFeeds(userId: bob).isEmpty)
        try await store.unsubscribe(followId: second.followId, userId: bob)
    }

    @Test("leases: each due feed goes to one holder until it is recorded or the lease expires", arguments: StoreKind.allCases)
    func leases(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        var ids: [UUID] = []
        for index in 0..<5 {
            ids.append(try await store.subscribe(subscription(), url: "https://l.example/\(index)", now: now.addingTimeInterval(Double(index))).id)
        }
        let later = now.addingTimeInterval(60)
        let a = try await store.leaseDueFeeds(holder: "a", now: later, until: later.addingTimeInterval(300), limit: 3)
        let b = try await store.leaseDueFeeds(holder: "b", now: later, until: later.addingTimeInterval(300), limit: 10)
        #expect(a.map(\.id) == Array(ids.prefix(3)), "most overdue first")
        #expect(b.map(\.id) == Array(ids.suffix(2)))
        #expect(try await store.leaseDueFeeds(holder: "c", now: later, until: later.addingTimeInterval(300), limit: 10).isEmpty)
        // Only the holder records; recording releases the lease and sets the schedule.
        let record = FeedCheckRecord(
            feedId: ids[0], holder: "a", checkedAt: later, etag: "\"e1\"", lastModified: "Mon, 07 Dec 2026 14:00:00 GMT",
            title: "L", error: nil, nextCheckAt: later.addingTimeInterval(900), interval: 900, failures: 0, newItems: 4)
        #expect(try await store.recordCheck(FeedCheckRecord(feedId: ids[0], holder: "b", checkedAt: later,
                                                             nextCheckAt: later, interval: 900)) == false)
        #expect(try await store.recordCheck(record))
        let checked = try #require(try await store.feed(id: ids[0]))
        #expect(checked.etag == "\"e1\"")
        #expect(checked.lastModified == "Mon, 07 Dec 2026 14:00:00 GMT")
        #expect(checked.title == "L")
        #expect(checked.lastCheckedAt == later)
        #expect(checked.nextCheckAt == later.addingTimeInterval(900))
        #expect(checked.itemCount == 4)
        #expect(try await store.recordCheck(record) == false, "the lease is gone once recorded")
        // An expired lease (its holder died) is taken again, and the first holder can no longer record.
        let expired = later.addingTimeInterval(301)
        let retaken = try await store.leaseDueFeeds(holder: "c", now: expired, until: expired.addingTimeInterval(300), limit: 10)
        #expect(Set(retaken.map(\.id)) == Set(ids.dropFirst()))
        #expect(try await store.recordCheck(FeedCheckRecord(feedId: ids[1], holder: "a", checkedAt: expired,
                                                             nextCheckAt: expired, interval: 900)) == false)
        // A failed check keeps the validators and says why.
        let failedAt = later.addingTimeInterval(1_000)
        let due = try await store.leaseDueFeeds(holder: "a", now: failedAt, until: failedAt.addingTimeInterval(300), limit: 10)
        #expect(due.map(\.id).contains(ids[0]))
        try await store.recordCheck(FeedCheckRecord(
            feedId: ids[0], holder: "a", checkedAt: failedAt, error: "HTTP 503",
            nextCheckAt: failedAt.addingTimeInterval(1_800), interval: 900, failures: 1))
        let failed = try #require(try await store.feed(id: ids[0]))
        #expect(failed.etag == "\"e1\"")
        #expect(failed.title == "L")
        #expect(failed.lastError == "HTTP 503")
        #expect(failed.failures == 1)
        #expect(failed.itemCount == 4)
    }

    @Test("a check asked for makes the feed due now, and a new follow of a polled feed does too", arguments: StoreKind.allCases)
    func requestCheck(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let feed = try await store.subscribe(subscription(), url: "https://r.example/feed", now: now)
        _ = try await store.leaseDueFeeds(holder: "a", now: now, until: now.addingTimeInterval(60), limit: 1)
        try await store.recordCheck(FeedCheckRecord(feedId: feed.id, holder: "a", checkedAt: now,
                                                    nextCheckAt: now.addingTimeInterval(3_600), interval: 3_600))
        let soon = now.addingTimeInterval(10)
        #expect(try await store.leaseDueFeeds(holder: "a", now: soon, until: soon.addingTimeInterval(60), limit: 1).isEmpty)
        try await store.requestCheck(feedId: feed.id, now: soon)
        #expect(try await store.leaseDueFeeds(holder: "a", now: soon, until: soon.addingTimeInterval(60), limit: 1).map(\.id) == [feed.id])
        try await store.recordCheck(FeedCheckRecord(feedId: feed.id, holder: "a", checkedAt: soon,
                                                    nextCheckAt: soon.addingTimeInterval(3_600), interval: 3_600))
        let joined = try await store.subscribe(subscription(), url: "https://r.example/feed", now: soon.addingTimeInterval(5))
        #expect(joined.nextCheckAt == soon.addingTimeInterval(5))
    }

    @Test("entries are new once, by any of their keys, within one call and across calls", arguments: StoreKind.allCases)
    func seenEntries(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let feed = try await store.subscribe(subscription(), url: "https://s.example/feed", now: now)
        let batch: [[String]] = [
            ["id:1", "url:https://s.example/1"], ["id:2", "url:https://s.example/2"], ["id:3", "url:https://s.example/1"], [],
        ]
        #expect(try await store.newEntries(feedId: feed.id, entries: batch) == [true, true, false, false])
        #expect(try await store.newEntries(feedId: feed.id, entries: batch) == [true, true, false, false], "asking records nothing")
        let first = try await store.markSeen(feedId: feed.id, entries: [
            ["id:1", "url:https://s.example/1"], ["id:2", "url:https://s.example/2"], ["id:3", "url:https://s.example/1"], [],
        ], now: now)
        #expect(first == [true, true, false, false], "a republished entry (same address, new id) is not new")
        let second = try await store.markSeen(feedId: feed.id, entries: [
            ["id:1", "url:https://s.example/1-moved"], ["id:4", "url:https://s.example/4"],
        ], now: now.addingTimeInterval(60))
        #expect(second == [false, true], "a moved entry (same id, new address) is not new")
        #expect(try await store.newEntries(feedId: feed.id, entries: [["url:https://s.example/1-moved"], ["id:5"]]) == [false, true])
        let other = try await store.subscribe(subscription(), url: "https://other.example/feed", now: now)
        #expect(try await store.markSeen(feedId: other.id, entries: [["url:https://s.example/1"]], now: now) == [true],
                "each feed has its own entries")
    }

    @Test("a feed keeps its newest entry keys only", arguments: StoreKind.allCases)
    func seenKeysAreBounded(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let feed = try await store.subscribe(subscription(), url: "https://b.example/feed", now: now)
        let total = FeedStoreLimits.seenKeysKept + 100
        var offset = 0
        while offset < total {
            let batch = (offset..<min(total, offset + 1_000)).map { ["id:\($0)"] }
            _ = try await store.markSeen(feedId: feed.id, entries: batch, now: now.addingTimeInterval(Double(offset)))
            offset += 1_000
        }
        let newest = try await store.markSeen(feedId: feed.id, entries: [["id:\(total - 1)"]], now: now.addingTimeInterval(Double(total)))
        #expect(newest == [false])
        let oldest = try await store.markSeen(feedId: feed.id, entries: [["id:0"]], now: now.addingTimeInterval(Double(total)))
        #expect(oldest == [true], "the oldest keys were dropped")
    }

    @Test("deliveries are counted per follow and prime it", arguments: StoreKind.allCases)
    func deliveries(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let follow = subscription(user: user)
        _ = try await store.subscribe(follow, url: "https://d.example/feed", now: now)
        try await store.recordDelivery(followId: follow.followId, delivered: 3)
        try await store.recordDelivery(followId: follow.followId, delivered: 2)
        let followed = try #require(try await store.followedFeeds(userId: user).first)
        #expect(followed.subscription.primed)
        #expect(followed.subscription.itemCount == 5)
        #expect(followed.subscription.initialEntries == 3)
        #expect(followed.subscription.delivery == .readingList)
    }

    @Test("author follows: listed by author, oldest first, once per follow, ended by unsubscribe", arguments: StoreKind.allCases)
    func authorFollows(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = UUID(), ada = UUID(), bob = UUID()
        let first = AuthorFollow(followId: UUID(), userId: ada, authorId: author, name: "Writer", createdAt: now)
        let second = AuthorFollow(followId: UUID(), userId: bob, authorId: author, name: "W", delivery: .inbox, createdAt: now.addingTimeInterval(1))
        try await store.followAuthor(first)
        try await store.followAuthor(second)
        try await store.followAuthor(first)
        try await store.followAuthor(AuthorFollow(followId: UUID(), userId: ada, authorId: UUID(), name: "Other", createdAt: now))
        #expect(try await store.authorFollowers(authorId: author) == [first, second])
        try await store.unsubscribe(followId: second.followId, userId: ada)
        #expect(try await store.authorFollowers(authorId: author).count == 2, "only its own account ends a follow")
        try await store.unsubscribe(followId: second.followId, userId: bob)
        #expect(try await store.authorFollowers(authorId: author) == [first])
    }

    @Test("a follow's name and delivery change for a feed and for an author, and only for its account", arguments: StoreKind.allCases)
    func updates(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let feedFollow = subscription(user: user, name: "Old")
        _ = try await store.subscribe(feedFollow, url: "https://u.example/feed", now: now)
        let authorFollow = AuthorFollow(followId: UUID(), userId: user, authorId: UUID(), name: "A", createdAt: now)
        try await store.followAuthor(authorFollow)
        try await store.updateFollow(followId: feedFollow.followId, userId: UUID(), name: "Someone else's", delivery: .inbox)
        try await store.updateFollow(followId: feedFollow.followId, userId: user, name: "New", delivery: nil)
        try await store.updateFollow(followId: authorFollow.followId, userId: user, name: nil, delivery: .inbox)
        let followed = try #require(try await store.followedFeeds(userId: user).first?.subscription)
        #expect(followed.name == "New")
        #expect(followed.delivery == .readingList)
        let author = try #require(try await store.authorFollowers(authorId: authorFollow.authorId).first)
        #expect(author.name == "A")
        #expect(author.delivery == .inbox)
    }
}
