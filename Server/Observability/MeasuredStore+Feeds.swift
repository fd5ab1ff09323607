import Foundation
import SatchelShared
import SatchelStores

extension MeasuredStore: FeedStore {
    func subscribe(_ subscription: FeedSubscription, url: String, now: Date) async throws -> PolledFeed {
        try await measure("feedSubscribe") { try await base.subscribe(subscription, url: url, now: now) }
    }
    func unsubscribe(followId: UUID, userId: UUID) async throws {
        try await measure("feedUnsubscribe") { try await base.unsubscribe(followId: followId, userId: userId) }
    }
    func updateFollow(followId: UUID, userId: UUID, name: String?, delivery: FollowDelivery?) async throws {
        try await measure("updateFollow") {
            try await base.updateFollow(followId: followId, userId: userId, name: name, delivery: delivery)
        }
    }
    func followAuthor(_ follow: AuthorFollow) async throws {
        try await measure("followAuthor") { try await base.followAuthor(follow) }
    }
    func authorFollowers(authorId: UUID) async throws -> [AuthorFollow] {
        try await measure("authorFollowers") { try await base.authorFollowers(authorId: authorId) }
    }
    func followedFeeds(userId: UUID) async throws -> [FollowedFeed] {
        try await measure("followedFeeds") { try await base.followedFeeds(userId: userId) }
    }
    func subscribers(feedId: UUID) async throws -> [FeedSubscription] {
        try await measure("feedSubscribers") { try await base.subscribers(feedId: feedId) }
    }
    func feed(id: UUID) async throws -> PolledFeed? { try await measure("feedById") { try await base.feed(id: id) } }
    func requestCheck(feedId: UUID, now: Date) async throws {
        try await measure("feedRequestCheck") { try await base.requestCheck(feedId: feedId, now: now) }
    }
    func leaseDueFeeds(holder: String, now: Date, until: Date, limit: Int) async throws -> [PolledFeed] {
        try await measure("feedLease") { try await base.leaseDueFeeds(holder: holder, now: now, until: until, limit: limit) }
    }
    @discardableResult
    func recordCheck(_ record: FeedCheckRecord) async throws -> Bool {
        try await measure("feedRecordCheck") { try await base.recordCheck(record) }
    }
    func newEntries(feedId: UUID, entries: [[String]]) async throws -> [Bool] {
        try await measure("feedNewEntries") { try await base.newEntries(feedId: feedId, entries: entries) }
    }
    @discardableResult
    func markSeen(feedId: UUID, entries: [[String]], now: Date) async throws -> [Bool] {
        try await measure("feedMarkSeen") { try await base.markSeen(feedId: feedId, entries: entries, now: now) }
    }
    func recordDelivery(followId: UUID, delivered: Int) async throws {
        try await measure("feedRecordDelivery") { try await base.recordDelivery(followId: followId, delivered: delivered) }
    }
}
