import Foundation
import Logging
import PostgresNIO
import SatchelShared

extension PostgresStore: FeedStore {
    private static let feedColumns = """
        id, url, title, etag, last_modified, last_checked_at, last_error, next_check_at, interval_seconds, failures, item_count
        """
    private static let subscriptionColumns = """
        follow_id, user_id, feed_id, name, delivery, initial_entries, primed, item_count, created_at
        """

    /// Subscribes a follow to a feed, making the feed when new. The feed's row is locked while the follow is
    /// added, so an unsubscribe in another process cannot drop it in between.
    public func subscribe(_ subscription: FeedSubscription, url: String, now: Date) async throws -> PolledFeed {
        try await transaction { connection in
            if let row = try await connection.query(
                "SELECT feed_id FROM feed_subscriptions WHERE follow_id = \(subscription.followId)", logger: logger
            ).collect().first {
                let feedId = try row.decode(UUID.self)
                guard let feed = try await Self.feed(id: feedId, on: connection, logger: logger) else {
                    throw StoreError.corrupt("feed_subscriptions.feed_id")
                }
                return feed
            }
            try await connection.query("""
                INSERT INTO polled_feeds (id, url, title, next_check_at, interval_seconds, failures, item_count)
                VALUES (\(subscription.feedId), \(url), '', \(now.millis), \(FeedStoreLimits.initialInterval), 0, 0)
                ON CONFLICT (url) DO NOTHING
                """, logger: logger)
            guard let row = try await connection.query(
                "SELECT \(unescaped: Self.feedColumns) FROM polled_feeds WHERE url = \(url) FOR UPDATE", logger: logger
            ).collect().first else { throw StoreError.unavailable("feed vanished") }
            var feed = try Self.feed(from: row)
            try await connection.query("""
                INSERT INTO feed_subscriptions (\(unescaped: Self.subscriptionColumns))
                VALUES (\(subscription.followId), \(subscription.userId), \(feed.id), \(subscription.name),
                        \(subscription.delivery.rawValue), \(subscription.initialEntries), false, 0, \(subscription.createdAt.millis))
                """, logger: logger)
            if feed.nextCheckAt > now {
                try await connection.query(
                    "UPDATE polled_feeds SET next_check_at = \(now.millis) WHERE id = \(feed.id)", logger: logger)
                feed.nextCheckAt = now
            }
            return feed
        }
    }

    /// Ends a follow, dropping a feed nobody follows.
    public func unsubscribe(followId: UUID, userId: UUID) async throws {
        try await transaction { connection in
            try await connection.query(
                "DELETE FROM author_follows WHERE follow_id = \(followId) AND user_id = \(userId)", logger: logger)
            guard let row = try await connection.query(
                "SELECT feed_id FROM feed_subscriptions WHERE follow_id = \(followId) AND user_id = \(userId)", logger: logger
            ).collect().first else { return }
            let feedId = try row.decode(UUID.self)
            try await connection.query("SELECT 1 FROM polled_feeds WHERE id = \(feedId) FOR UPDATE", logger: logger)
            try await connection.query("DELETE FROM feed_subscriptions WHERE follow_id = \(followId)", logger: logger)
            try await connection.query("""
                DELETE FROM polled_feeds WHERE id = \(feedId)
                AND NOT EXISTS (SELECT 1 FROM feed_subscriptions WHERE feed_id = \(feedId))
                """, logger: logger)
        }
    }

    /// Changes a follow's name or delivery.
    public func updateFollow(followId: UUID, userId: UUID, name: String?, delivery: FollowDelivery?) async throws {
        let mode = delivery?.rawValue
        try await transaction { connection in
            try await connection.query("""
                UPDATE feed_subscriptions SET name = coalesce(\(name), name), delivery = coalesce(\(mode), delivery)
                WHERE follow_id = \(followId) AND user_id = \(userId)
                """, logger: logger)
            try await connection.query("""
                UPDATE author_follows SET name = coalesce(\(name), name), delivery = coalesce(\(mode), delivery)
                WHERE follow_id = \(followId) AND user_id = \(userId)
                """, logger: logger)
        }
    }

    /// Records a follow of an author.
    public func followAuthor(_ follow: AuthorFollow) async throws {
        try await rows("""
            INSERT INTO author_follows (follow_id, user_id, author_id, name, delivery, created_at)
            VALUES (\(follow.followId), \(follow.userId), \(follow.authorId), \(follow.name), \(follow.delivery.rawValue),
                    \(follow.createdAt.millis))
            ON CONFLICT (follow_id) DO NOTHING
            """)
    }

    /// Everyone following an author.
    public func authorFollowers(authorId: UUID) async throws -> [AuthorFollow] {
        try await rows("""
            SELECT follow_id, user_id, author_id, name, delivery, created_at FROM author_follows
            WHERE author_id = \(authorId) ORDER BY created_at, follow_id
            """).map { row in
            let (followId, userId, author, name, delivery, createdAt) = try row.decode((UUID, UUID, UUID, String, String, Int64).self)
            return AuthorFollow(
                followId: followId, userId: userId, authorId: author, name: name,
                delivery: try StoredValue.named(delivery, column: "author_follows.delivery"), createdAt: Date(millis: createdAt))
        }
    }

    /// An account's follows of feeds with their feeds.
    public func followedFeeds(userId: UUID) async throws -> [FollowedFeed] {
        let subscriptions = try await rows("""
            SELECT \(unescaped: Self.subscriptionColumns) FROM feed_subscriptions
            WHERE user_id = \(userId) ORDER BY created_at, follow_id
            """).map(Self.subscription(from:))
        guard !subscriptions.isEmpty else { return [] }
        let ids = Array(Set(subscriptions.map(\.feedId)))
        let feeds = try await rows("SELECT \(unescaped: Self.feedColumns) FROM polled_feeds WHERE id = ANY(\(ids))").map(Self.feed(from:))
        let byId = Dictionary(feeds.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try subscriptions.map { subscription in
            guard let feed = byId[subscription.feedId] else { throw StoreError.corrupt("feed_subscriptions.feed_id") }
            return FollowedFeed(subscription: subscription, feed: feed)
        }
    }

    /// Everyone following a feed.
    public func subscribers(feedId: UUID) async throws -> [FeedSubscription] {
        try await rows("""
            SELECT \(unescaped: Self.subscriptionColumns) FROM feed_subscriptions
            WHERE feed_id = \(feedId) ORDER BY created_at, follow_id
            """).map(Self.subscription(from:))
    }

    /// One feed.
    public func feed(id: UUID) async throws -> PolledFeed? {
        try await rows("SELECT \(unescaped: Self.feedColumns) FROM polled_feeds WHERE id = \(id)").first.map(Self.feed(from:))
    }

    /// Makes a feed due now.
    public func requestCheck(feedId: UUID, now: Date) async throws {
        try await rows("UPDATE polled_feeds SET next_check_at = least(next_check_at, \(now.millis)) WHERE id = \(feedId)")
    }

    /// Leases due feeds with `FOR UPDATE SKIP LOCKED`: rows another process is leasing at this moment are
    /// passed over, never waited for, and each feed goes to one process.
    public func leaseDueFeeds(holder: String, now: Date, until: Date, limit: Int) async throws -> [PolledFeed] {
        try await rows("""
            UPDATE polled_feeds SET lease_holder = \(holder), lease_until = \(until.millis)
            WHERE id IN (
                SELECT id FROM polled_feeds
                WHERE next_check_at <= \(now.millis) AND (lease_until IS NULL OR lease_until < \(now.millis))
                ORDER BY next_check_at, id LIMIT \(max(0, limit))
                FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.feedColumns)
            """).map(Self.feed(from:)).sorted { ($0.nextCheckAt, $0.id.uuidString) < ($1.nextCheckAt, $1.id.uuidString) }
    }

    /// Records a check and releases the lease, if `holder` still holds it.
    @discardableResult
    public func recordCheck(_ record: FeedCheckRecord) async throws -> Bool {
        !(try await rows("""
            UPDATE polled_feeds SET
                etag = coalesce(\(record.etag), etag), last_modified = coalesce(\(record.lastModified), last_modified),
                title = coalesce(\(record.title), title), last_checked_at = \(record.checkedAt.millis), last_error = \(record.error),
                next_check_at = \(record.nextCheckAt.millis), interval_seconds = \(record.interval), failures = \(record.failures),
                item_count = item_count + \(record.newItems), lease_holder = NULL, lease_until = NULL
            WHERE id = \(record.feedId) AND lease_holder = \(record.holder)
            RETURNING 1
            """).isEmpty)
    }

    /// Which entries are new to a feed, in one query.
    public func newEntries(feedId: UUID, entries: [[String]]) async throws -> [Bool] {
        let allKeys = Array(Set(entries.joined()))
        guard !allKeys.isEmpty else { return entries.map { _ in false } }
        var seen: Set<String> = []
        for row in try await rows("SELECT key FROM feed_entries WHERE feed_id = \(feedId) AND key = ANY(\(allKeys))") {
            seen.insert(try row.decode(String.self))
        }
        return Self.novelty(entries, seen: seen)
    }

    private static func novelty(_ entries: [[String]], seen: Set<String>) -> [Bool] {
        var seen = seen
        var results: [Bool] = []
        for keys in entries {
            results.append(!keys.isEmpty && !keys.contains(where: seen.contains))
            seen.formUnion(keys)
        }
        return results
    }

    /// Which entries are new to a feed; records every key. One query reads the keys already seen, one writes
    /// them all.
    @discardableResult
    public func markSeen(feedId: UUID, entries: [[String]], now: Date) async throws -> [Bool] {
        let allKeys = Array(Set(entries.joined()))
        guard !allKeys.isEmpty else { return entries.map { _ in false } }
        return try await transaction { connection in
            var seen: Set<String> = []
            for try await key in try await connection.query(
                "SELECT key FROM feed_entries WHERE feed_id = \(feedId) AND key = ANY(\(allKeys))", logger: logger
            ).decode(String.self) {
                seen.insert(key)
            }
            let results = Self.novelty(entries, seen: seen)
            try await connection.query("""
                INSERT INTO feed_entries (feed_id, key, seen_at) SELECT \(feedId), unnest(\(allKeys)::text[]), \(now.millis)
                ON CONFLICT (feed_id, key) DO UPDATE SET seen_at = excluded.seen_at
                """, logger: logger)
            let count = try await connection.query(
                "SELECT count(*) FROM feed_entries WHERE feed_id = \(feedId)", logger: logger
            ).collect().first?.decode(Int.self) ?? 0
            if count > FeedStoreLimits.seenKeysKept {
                try await connection.query("""
                    DELETE FROM feed_entries WHERE feed_id = \(feedId) AND key IN (
                        SELECT key FROM feed_entries WHERE feed_id = \(feedId) ORDER BY seen_at, key
                        LIMIT \(count - FeedStoreLimits.seenKeysKept))
                    """, logger: logger)
            }
            return results
        }
    }

    /// Counts delivered items and marks the follow primed.
    public func recordDelivery(followId: UUID, delivered: Int) async throws {
        try await rows("""
            UPDATE feed_subscriptions SET item_count = item_count + \(delivered), primed = true WHERE follow_id = \(followId)
            """)
    }

    private static func feed(id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> PolledFeed? {
        try await connection.query("SELECT \(unescaped: feedColumns) FROM polled_feeds WHERE id = \(id)", logger: logger)
            .collect().first.map(feed(from:))
    }

    private static func feed(from row: PostgresRow) throws -> PolledFeed {
        let cells = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ index: Int, _ type: T.Type = T.self) throws -> T { try cells[index].decode(T.self) }
        return PolledFeed(
            id: try value(0), url: try value(1), title: try value(2), etag: try value(3), lastModified: try value(4),
            lastCheckedAt: try value(5, Int64?.self).map(Date.init(millis:)), lastError: try value(6),
            nextCheckAt: Date(millis: try value(7)), interval: try value(8), failures: try value(9, Int32.self).asInt,
            itemCount: Int(try value(10, Int64.self)))
    }

    private static func subscription(from row: PostgresRow) throws -> FeedSubscription {
        let cells = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ index: Int, _ type: T.Type = T.self) throws -> T { try cells[index].decode(T.self) }
        return FeedSubscription(
            followId: try value(0), userId: try value(1), feedId: try value(2), name: try value(3),
            delivery: try StoredValue.named(try value(4), column: "feed_subscriptions.delivery"),
            initialEntries: try value(5, Int32.self).asInt, primed: try value(6), itemCount: Int(try value(7, Int64.self)),
            createdAt: Date(millis: try value(8)))
    }
}

private extension Int32 {
    var asInt: Int { Int(self) }
}
