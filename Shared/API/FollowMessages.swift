import Foundation

/// `POST /v1/follows` body: what to follow.
public struct FollowRequest: Codable, Sendable, Equatable {
    /// An author's username here, or an address: a feed, or a page that advertises one.
    public var target: String
    /// The name to show and tag items with; the feed's title (or the author's name) when omitted.
    public var name: String?
    /// Where new items go; the reading list when omitted.
    public var delivery: FollowDelivery?

    /// Creates a request.
    public init(target: String, name: String? = nil, delivery: FollowDelivery? = nil) {
        (self.target, self.name, self.delivery) = (target, name, delivery)
    }
}

/// One follow as `GET /v1/follows` lists it: the synced record and how its polling goes.
public struct FollowStatus: Codable, Sendable, Equatable {
    /// The follow record.
    public var follow: Follow
    /// The feed polled (after redirects and discovery); nil for an author of this server.
    public var feedUrl: String?
    /// When the feed was last checked; nil before its first check.
    public var lastCheckedAt: Date?
    /// What went wrong at the last check; nil when it went well.
    public var lastError: String?
    /// When it is checked next.
    public var nextCheckAt: Date?
    /// Items delivered to this follow so far.
    public var itemCount: Int

    /// Creates a status.
    public init(follow: Follow, feedUrl: String?, lastCheckedAt: Date?, lastError: String?, nextCheckAt: Date?, itemCount: Int) {
        (self.follow, self.feedUrl, self.lastCheckedAt, self.lastError) = (follow, feedUrl, lastCheckedAt, lastError)
        (self.nextCheckAt, self.itemCount) = (nextCheckAt, itemCount)
    }
}

/// `GET /v1/follows` response.
public struct FollowList: Codable, Sendable, Equatable {
    /// The caller's follows, oldest first.
    public var follows: [FollowStatus]

    /// Creates a list.
    public init(follows: [FollowStatus]) { self.follows = follows }
}
