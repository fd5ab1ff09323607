import Foundation
import GRDB
import SatchelShared

extension SQLiteStore: FeedStore {
    private static let feedColumns = """
        id, url, title, etag, last_modified, last_checked_at, last_error, next_check_at, interval_seconds, failures, item_count
        """
    private static let subscriptionColumns = """
        follow_id, user_id, feed_id, name, delivery, initial_entries, primed, item_count, created_at
        """

    /// Subscribes a follow to a feed, making the feed when new.
    public func subscribe(_ subscription: FeedSubscription, url: String, now: Date) async throws -> PolledFeed {
        try await write { db in
            if let existing = try Row.fetchOne(
                db, sql: "SELECT feed_id FROM feed_subscriptions WHERE follow_id = ?", arguments: [subscription.followId.uuidString])
            {
                let feedId = try StoredValue.uuid(existing["feed_id"] as String, column: "feed_subscriptions.feed_id")
                guard let feed = try Self.feed(db, id: feedId) else { throw StoreError.corrupt("feed_subscriptions.feed_id") }
                return feed
            }
            var feed: PolledFeed
            if let row = try Row.fetchOne(db, sql: "SELECT \(Self.feedColumns) FROM polled_feeds WHERE url = ?", arguments: [url]) {
                feed = try Self.feed(from: row)
            } else {
                feed = PolledFeed(id: subscription.feedId, url: url, nextCheckAt: now, interval: FeedStoreLimits.initialInterval)
                try db.execute(
                    sql: """
                        INSERT INTO polled_feeds (id, url, title, next_check_at, interval_seconds, failures, item_count)
                        VALUES (?, ?, '', ?, ?, 0, 0)
                        """,
                    arguments: [feed.id.uuidString, url, now.millis, feed.interval])
            }
            try db.execute(
                sql: "INSERT INTO feed_subscriptions (\(Self.subscriptionColumns)) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?)",
                arguments: [
                    subscription.followId.uuidString, subscription.userId.uuidString, feed.id.uuidString, subscription.name,
                    subscription.delivery.rawValue, subscription.initialEntries, subscription.createdAt.millis,
                ])
            // A new follow of a feed already polled is checked at once too.
            if feed.nextCheckAt > now {
                try db.execute(sql: "UPDATE polled_feeds SET next_check_at = ? WHERE id = ?", arguments: [now.millis, feed.id.uuidString])
                feed.nextCheckAt = now
            }
            return feed
        }
    }

    /// Ends a follow, dropping a feed nobody follows.
    public func unsubscribe(followId: UUID, userId: UUID) async throws {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM author_follows WHERE follow_id = ? AND user_id = ?", arguments: [followId.uuidString, userId.uuidString])
            guard let row = try Row.fetchOne(
                db, sql: "SELECT feed_id FROM feed_subscriptions WHERE follow_id = ? AND user_id = ?",
                arguments: [followId.uuidString, userId.uuidString]) else { return }
            let feedId: String = row["feed_id"]
            try db.execute(sql: "DELETE FROM feed_subscriptions WHERE follow_id = ?", arguments: [followId.uuidString])
            let remaining = try Int.fetchOne(db, sql: "SELECT count(*) FROM feed_subscriptions WHERE feed_id = ?", arguments: [feedId]) ?? 0
            if remaining == 0 { try db.execute(sql: "DELETE FROM polled_feeds WHERE id = ?", arguments: [feedId]) }
        }
    }

    /// Changes a follow's name or delivery.
    public func updateFollow(followId: UUID, userId: UUID, name: String?, delivery: FollowDelivery?) async throws {
        try await write { db in
            for table in ["feed_subscriptions", "author_follows"] {
                try db.execute(
                    sql: "UPDATE \(table) SET name = coalesce(?, name), delivery = coalesce(?, delivery) WHERE follow_id = ? AND user_id = ?",
                    arguments: [name, delivery?.rawValue, followId.uuidString, userId.uuidString])
            }
        }
    }

    /// Records a follow of an author.
    public func followAuthor(_ follow: AuthorFollow) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO author_follows (follow_id, user_id, author_id, name, delivery, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (follow_id) DO NOTHING
                    """,
                arguments: [
                    follow.followId.uuidString, follow.userId.uuidString, follow.authorId.uuidString, follow.name,
                    follow.delivery.rawValue, follow.createdAt.millis,
                ])
        }
    }

    /// Everyone following an author.
    public func authorFollowers(authorId: UUID) async throws -> [AuthorFollow] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT follow_id, user_id, author_id, name, delivery, created_at FROM author_follows
                    WHERE author_id = ? ORDER BY created_at, follow_id
                    """,
                arguments: [authorId.uuidString]
            ).map { row in
                AuthorFollow(
                    followId: try StoredValue.uuid(row["follow_id"] as String, column: "author_follows.follow_id"),
                    userId: try StoredValue.uuid(row["user_id"] as String, column: "author_follows.user_id"),
                    authorId: try StoredValue.uuid(row["author_id"] as String, column: "author_follows.author_id"), name: row["name"],
                    delivery: try StoredValue.named(row["delivery"] as String, column: "author_follows.delivery"),
                    createdAt: Date(millis: row["created_at"]))
            }
        }
    }

    /// An account's follows of feeds with their feeds.
    public func followedFeeds(userId: UUID) async throws -> [FollowedFeed] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.follow_id, s.user_id, s.feed_id, s.name, s.delivery, s.initial_entries, s.primed,
                           s.item_count AS subscription_items, s.created_at,
                           f.id, f.url, f.title, f.etag, f.last_modified, f.last_checked_at, f.last_error, f.next_check_at,
                           f.interval_seconds, f.failures, f.item_count
                    FROM feed_subscriptions s JOIN polled_feeds f ON f.id = s.feed_id
                    WHERE s.user_id = ? ORDER BY s.created_at, s.follow_id
                    """,
                arguments: [userId.uuidString]
            ).map { row in
                var subscription = try Self.subscription(from: row)
                subscription.itemCount = row["subscription_items"]
                return FollowedFeed(subscription: subscription, feed: try Self.feed(from: row))
            }
        }
    }

    /// Everyone following a feed.
    public func subscribers(feedId: UUID) async throws -> [FeedSubscription] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.subscriptionColumns) FROM feed_subscriptions WHERE feed_id = ? ORDER BY created_at, follow_id",
                arguments: [feedId.uuidString]
            ).map(Self.subscription(from:))
        }
    }

    /// One feed.
    public func feed(id: UUID) async throws -> PolledFeed? {
        try await read { db in try Self.feed(db, id: id) }
    }

    /// Makes a feed due now.
    public func requestCheck(feedId: UUID, now: Date) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE polled_feeds SET next_check_at = min(next_check_at, ?) WHERE id = ?",
                arguments: [now.millis, feedId.uuidString])
        }
    }

    /// Leases due feeds. SQLite has one writer at a time, so the select and the update cannot interleave with
    /// another lease.
    public func leaseDueFeeds(holder: String, now: Date, until: Date, limit: Int) async throws -> [PolledFeed] {
        try await write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.feedColumns) FROM polled_feeds
                    WHERE next_check_at <= ? AND (lease_until IS NULL OR lease_until < ?)
                    ORDER BY next_check_at, id LIMIT ?
                    """,
                arguments: [now.millis, now.millis, max(0, limit)])
            let feeds = try rows.map(Self.feed(from:))
            for feed in feeds {
                try db.execute(
                    sql: "UPDATE polled_feeds SET lease_holder = ?, lease_until = ? WHERE id = ?",
                    arguments: [holder, until.millis, feed.id.uuidString])
            }
            return feeds
        }
    }

    /// Records a check and releases the lease, if `holder` still holds it.
    @discardableResult
    public func recordCheck(_ record: FeedCheckRecord) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE polled_feeds SET
                        etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), title = coalesce(?, title),
                        last_checked_at = ?, last_error = ?, next_check_at = ?, interval_seconds = ?, failures = ?,
                        item_count = item_count + ?, lease_holder = NULL, lease_until = NULL
                    WHERE id = ? AND lease_holder = ?
                    """,
                arguments: [
                    record.etag, record.lastModified, record.title, record.checkedAt.millis, record.error, record.nextCheckAt.millis,
                    record.interval, record.failures, record.newItems, record.feedId.uuidString, record.holder,
                ])
            return db.changesCount > 0
        }
    }

    /// Which entries are new to a feed.
    public func newEntries(feedId: UUID, entries: [[String]]) async throws -> [Bool] {
        try await read { db in try Self.novelty(db, feed: feedId.uuidString, entries: entries) }
    }

    private static func novelty(_ db: Database, feed: String, entries: [[String]]) throws -> [Bool] {
        var earlier: Set<String> = []
        var results: [Bool] = []
        results.reserveCapacity(entries.count)
        for keys in entries {
            var seen = keys.contains(where: earlier.contains)
            for key in keys where !seen {
                if try Int.fetchOne(db, sql: "SELECT 1 FROM feed_entries WHERE feed_id = ? AND key = ?", arguments: [feed, key]) != nil {
                    seen = true
                }
            }
            earlier.formUnion(keys)
            results.append(!keys.isEmpty && !seen)
        }
        return results
    }

    /// Which entries are new to a feed; records every key.
    @discardableResult
    public func markSeen(feedId: UUID, entries: [[String]], now: Date) async throws -> [Bool] {
        try await write { db in
            let feed = feedId.uuidString
            let results = try Self.novelty(db, feed: feed, entries: entries)
            for key in Set(entries.joined()) {
                try db.execute(
                    sql: "INSERT INTO feed_entries (feed_id, key, seen_at) VALUES (?, ?, ?) ON CONFLICT (feed_id, key) DO UPDATE SET seen_at = excluded.seen_at",
                    arguments: [feed, key, now.millis])
            }
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM feed_entries WHERE feed_id = ?", arguments: [feed]) ?? 0
            if count > FeedStoreLimits.seenKeysKept {
                try db.execute(
                    sql: """
                        DELETE FROM feed_entries WHERE feed_id = ? AND key IN (
                            SELECT key FROM feed_entries WHERE feed_id = ? ORDER BY seen_at, key LIMIT ?)
                        """,
                    arguments: [feed, feed, count - FeedStoreLimits.seenKeysKept])
            }
            return results
        }
    }

    /// Counts delivered items and marks the follow primed.
    public func recordDelivery(followId: UUID, delivered: Int) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE feed_subscriptions SET item_count = item_count + ?, primed = 1 WHERE follow_id = ?",
                arguments: [delivered, followId.uuidString])
        }
    }

    private static func feed(_ db: Database, id: UUID) throws -> PolledFeed? {
        try Row.fetchOne(db, sql: "SELECT \(feedColumns) FROM polled_feeds WHERE id = ?", arguments: [id.uuidString]).map(feed(from:))
    }

    private static func feed(from row: Row) throws -> PolledFeed {
        PolledFeed(
            id: try StoredValue.uuid(row["id"] as String, column: "polled_feeds.id"), url: row["url"], title: row["title"],
            etag: row["etag"], lastModified: row["last_modified"],
            lastCheckedAt: (row["last_checked_at"] as Int64?).map(Date.init(millis:)), lastError: row["last_error"],
            nextCheckAt: Date(millis: row["next_check_at"]), interval: row["interval_seconds"], failures: row["failures"],
            itemCount: row["item_count"])
    }

    private static func subscription(from row: Row) throws -> FeedSubscription {
        FeedSubscription(
            followId: try StoredValue.uuid(row["follow_id"] as String, column: "feed_subscriptions.follow_id"),
            userId: try StoredValue.uuid(row["user_id"] as String, column: "feed_subscriptions.user_id"),
            feedId: try StoredValue.uuid(row["feed_id"] as String, column: "feed_subscriptions.feed_id"), name: row["name"],
            delivery: try StoredValue.named(row["delivery"] as String, column: "feed_subscriptions.delivery"),
            initialEntries: row["initial_entries"], primed: row["primed"], itemCount: row["item_count"],
            createdAt: Date(millis: row["created_at"]))
    }
}
