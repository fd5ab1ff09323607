import Foundation
import SatchelShared

/// A feed the server polls, once for all the accounts that follow it.
public struct PolledFeed: Sendable, Equatable {
    /// The feed's row id.
    public var id: UUID
    /// The address it is fetched from (as followed; unique).
    public var url: String
    /// Its title as last read ("" before the first read).
    public var title: String
    /// The `ETag` of the last read, sent back as `If-None-Match`.
    public var etag: String?
    /// The `Last-Modified` of the last read, sent back as `If-Modified-Since`.
    public var lastModified: String?
    /// When it was last checked.
    public var lastCheckedAt: Date?
    /// What went wrong at the last check, in words for the reader (nil when it went well).
    public var lastError: String?
    /// When it is due next.
    public var nextCheckAt: Date
    /// Its interval in seconds (15 minutes to 24 hours, fitted to how often it publishes).
    public var interval: Double
    /// Consecutive failed checks.
    public var failures: Int
    /// Entries it has had that were new when read.
    public var itemCount: Int

    /// Creates a feed value.
    public init(
        id: UUID, url: String, title: String = "", etag: String? = nil, lastModified: String? = nil, lastCheckedAt: Date? = nil,
        lastError: String? = nil, nextCheckAt: Date, interval: Double, failures: Int = 0, itemCount: Int = 0
    ) {
        (self.id, self.url, self.title, self.etag, self.lastModified) = (id, url, title, etag, lastModified)
        (self.lastCheckedAt, self.lastError, self.nextCheckAt, self.interval) = (lastCheckedAt, lastError, nextCheckAt, interval)
        (self.failures, self.itemCount) = (failures, itemCount)
    }
}

/// One account's follow of a polled feed: the server-side half of a synced ``Follow`` record.
public struct FeedSubscription: Sendable, Equatable {
    /// The follow record's id (unique).
    public var followId: UUID
    /// The account that follows.
    public var userId: UUID
    /// The feed followed.
    public var feedId: UUID
    /// The follow's name: the tag its items get.
    public var name: String
    /// Where its items go.
    public var delivery: FollowDelivery
    /// How many of the feed's latest entries a new follow takes.
    public var initialEntries: Int
    /// Whether those have been delivered (after which only new entries are).
    public var primed: Bool
    /// Items delivered to this follow.
    public var itemCount: Int
    /// When the follow was made.
    public var createdAt: Date

    /// Creates a subscription value.
    public init(
        followId: UUID, userId: UUID, feedId: UUID, name: String, delivery: FollowDelivery = .readingList, initialEntries: Int,
        primed: Bool = false, itemCount: Int = 0, createdAt: Date
    ) {
        (self.followId, self.userId, self.feedId, self.name, self.delivery) = (followId, userId, feedId, name, delivery)
        (self.initialEntries, self.primed, self.itemCount, self.createdAt) = (initialEntries, primed, itemCount, createdAt)
    }
}

/// One account's follow of an author of this server: the server-side half of a synced ``Follow`` of kind
/// `author`. The author's posts are delivered when they are published.
public struct AuthorFollow: Sendable, Equatable {
    /// The follow record's id (unique).
    public var followId: UUID
    /// The account that follows.
    public var userId: UUID
    /// The author followed.
    public var authorId: UUID
    /// The follow's name: the tag its items get.
    public var name: String
    /// Where its items go.
    public var delivery: FollowDelivery
    /// When the follow was made.
    public var createdAt: Date

    /// Creates an author follow.
    public init(followId: UUID, userId: UUID, authorId: UUID, name: String, delivery: FollowDelivery = .readingList, createdAt: Date) {
        (self.followId, self.userId, self.authorId, self.name, self.delivery, self.createdAt) =
            (followId, userId, authorId, name, delivery, createdAt)
    }
}

/// A follow with the feed it polls.
public struct FollowedFeed: Sendable, Equatable {
    /// The follow.
    public var subscription: FeedSubscription
    /// Its feed.
    public var feed: PolledFeed

    /// Pairs a subscription with its feed.
    public init(subscription: FeedSubscription, feed: PolledFeed) {
        self.subscription = subscription
        self.feed = feed
    }
}

/// What one check of a feed found, written under its lease.
public struct FeedCheckRecord: Sendable, Equatable {
    /// The feed checked.
    public var feedId: UUID
    /// The lease holder that checked it.
    public var holder: String
    /// When.
    public var checkedAt: Date
    /// The `ETag` to send next time (the stored one is kept when nil).
    public var etag: String?
    /// The `Last-Modified` to send next time (the stored one is kept when nil).
    public var lastModified: String?
    /// The title read (nil: unchanged).
    public var title: String?
    /// What went wrong, in words for the reader (nil when it went well).
    public var error: String?
    /// When it is due next.
    public var nextCheckAt: Date
    /// Its interval from now on, in seconds.
    public var interval: Double
    /// Consecutive failed checks.
    public var failures: Int
    /// Entries that were new.
    public var newItems: Int

    /// Creates a check record.
    public init(
        feedId: UUID, holder: String, checkedAt: Date, etag: String? = nil, lastModified: String? = nil, title: String? = nil,
        error: String? = nil, nextCheckAt: Date, interval: Double, failures: Int = 0, newItems: Int = 0
    ) {
        (self.feedId, self.holder, self.checkedAt, self.etag, self.lastModified) = (feedId, holder, checkedAt, etag, lastModified)
        (self.title, self.error, self.nextCheckAt, self.interval) = (title, error, nextCheckAt, interval)
        (self.failures, self.newItems) = (failures, newItems)
    }
}

/// The server's side of follows of feeds: which feeds are polled, their schedule and validators, who follows
/// each, which entries each has had, and leases so that several server processes poll each feed once.
///
/// Leases are rows: `lease_holder` and `lease_until` on the feed. A process takes due feeds whose lease is free
/// or expired (on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so two processes never take the same feed), checks
/// them, and records each check, which releases the lease. A process that dies mid-check leaves a lease that
/// expires, and the feed is taken again: polling survives restarts.
public protocol FeedStore: Sendable {
    /// Subscribes a follow to the feed at `url` (made when new, due at `now`); a repeat of the same follow
    /// returns the feed unchanged.
    func subscribe(_ subscription: FeedSubscription, url: String, now: Date) async throws -> PolledFeed
    /// Ends a follow (of a feed or of an author; nothing when there is none); a feed nobody follows any more is
    /// dropped with the entries it had.
    func unsubscribe(followId: UUID, userId: UUID) async throws
    /// Changes a follow's name (the tag its items get) or where its items go, for a feed or an author alike;
    /// nil leaves a value as it is.
    func updateFollow(followId: UUID, userId: UUID, name: String?, delivery: FollowDelivery?) async throws
    /// Records a follow of an author here; a repeat of the same follow changes nothing.
    func followAuthor(_ follow: AuthorFollow) async throws
    /// Everyone following an author, oldest first.
    func authorFollowers(authorId: UUID) async throws -> [AuthorFollow]
    /// An account's follows of feeds with their feeds, oldest first.
    func followedFeeds(userId: UUID) async throws -> [FollowedFeed]
    /// Everyone following a feed, oldest first.
    func subscribers(feedId: UUID) async throws -> [FeedSubscription]
    /// One feed.
    func feed(id: UUID) async throws -> PolledFeed?
    /// Makes a feed due at `now` (a reader asked for a check).
    func requestCheck(feedId: UUID, now: Date) async throws
    /// Leases up to `limit` feeds due at `now` whose lease is free or expired to `holder` until `until`, most
    /// overdue first. Each feed goes to one holder.
    func leaseDueFeeds(holder: String, now: Date, until: Date, limit: Int) async throws -> [PolledFeed]
    /// Records a check and releases the lease; false (and nothing written) when `holder` no longer holds it.
    @discardableResult
    func recordCheck(_ record: FeedCheckRecord) async throws -> Bool
    /// For each entry (given by its identity keys), whether it is new to the feed: none of its keys seen before,
    /// nor by an earlier entry of the same call. Nothing is recorded (the poller delivers, then marks).
    func newEntries(feedId: UUID, entries: [[String]]) async throws -> [Bool]
    /// The same answer as ``newEntries(feedId:entries:)``, and every key recorded as seen.
    @discardableResult
    func markSeen(feedId: UUID, entries: [[String]], now: Date) async throws -> [Bool]
    /// Counts `delivered` items to a follow, and marks it primed.
    func recordDelivery(followId: UUID, delivered: Int) async throws
}

/// Bounds of what the feed store keeps.
public enum FeedStoreLimits {
    /// How many entry keys a feed keeps (the newest): a feed cannot grow the table without bound by publishing
    /// fresh ids, and entries that old are out of any feed's window.
    public static let seenKeysKept = 5_000
    /// The interval of a feed before its first read has said how often it publishes: an hour.
    public static let initialInterval: Double = 3600
}
