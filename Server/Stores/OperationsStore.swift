import Foundation

/// What an operator asks a store: is it ready to serve, and how much does it hold.
public protocol OperationsStore: Sendable {
    /// Whether the database answers and every schema migration is applied; `reason` says what is missing.
    func readiness() async -> Readiness
    /// Counts for `GET /v1/admin/stats`; tombstones last written before `purgeCutoff` are due for purging.
    func stats(purgeCutoff: Date) async throws -> ServerStats
    /// The database connection pool's figures now; `nil` for a store without a pool of its own (SQLite).
    func connectionPool() -> ConnectionPoolFigures?
}

/// Whether a server can serve requests now.
public enum Readiness: Sendable, Equatable {
    /// The database answers and its schema is current.
    case ready
    /// Not ready, and why, in words an operator can act on (no SQL, no credentials).
    case notReady(reason: String)
}

/// `GET /v1/admin/stats`: what the server holds, enough to see at a glance that sync is healthy.
public struct ServerStats: Codable, Sendable, Equatable {
    /// Accounts.
    public var users: Int
    /// Posts, published and draft.
    public var posts: Int
    /// Comments waiting for a moderator (`pending`).
    public var commentsHeld: Int
    /// Synced records stored, tombstones included.
    public var syncRecords: Int
    /// Users with a change feed.
    public var syncFeeds: Int
    /// Feed versions handed out, over every user's feed (each write takes the next one).
    public var feedVersions: Int
    /// Mutation results kept for idempotent replays.
    public var syncMutations: Int
    /// Tombstones (deleted records) still stored.
    public var tombstones: Int
    /// Tombstones older than the horizon, removed at the next purge.
    public var tombstonesDue: Int
    /// The server's version.
    public var serverVersion: String

    /// Creates the counts.
    public init(
        users: Int, posts: Int, commentsHeld: Int, syncRecords: Int, syncFeeds: Int, feedVersions: Int,
        syncMutations: Int, tombstones: Int, tombstonesDue: Int, serverVersion: String = ServerVersion.current
    ) {
        self.users = users
        self.posts = posts
        self.commentsHeld = commentsHeld
        self.syncRecords = syncRecords
        self.syncFeeds = syncFeeds
        self.feedVersions = feedVersions
        self.syncMutations = syncMutations
        self.tombstones = tombstones
        self.tombstonesDue = tombstonesDue
        self.serverVersion = serverVersion
    }

    /// The SQL both stores run: one row of every count, `$1`/`?` being the purge cutoff in milliseconds.
    static func query(cutoffPlaceholder placeholder: String, deletedTrue: String) -> String {
        """
        SELECT
            (SELECT COUNT(*) FROM users),
            (SELECT COUNT(*) FROM posts),
            (SELECT COUNT(*) FROM comments WHERE status = 'pending'),
            (SELECT COUNT(*) FROM sync_records),
            (SELECT COUNT(*) FROM sync_state),
            (SELECT CAST(COALESCE(SUM(last_version), 0) AS BIGINT) FROM sync_state),
            (SELECT COUNT(*) FROM sync_mutations),
            (SELECT COUNT(*) FROM sync_records WHERE deleted = \(deletedTrue)),
            (SELECT COUNT(*) FROM sync_records WHERE deleted = \(deletedTrue) AND updated_at < \(placeholder))
        """
    }
}
