import Foundation
import Hummingbird
import SatchelFetch
import SatchelShared
import SatchelStores

/// Everything the routes need, injected so tests can swap clocks, costs and policies.
public struct ServerDependencies: Sendable {
    /// Accounts and tokens.
    public var accounts: any AccountStore
    /// Posts and authors.
    public var posts: any PostStore
    /// Comments.
    public var comments: any CommentStore
    /// Idempotency keys.
    public var idempotency: any IdempotencyStore
    /// Synced records and change feeds.
    public var sync: any SyncStore
    /// Counters of rate limits, login throttling and shared schedules.
    public var limits: any LimitStore
    /// Blobs and staged uploads.
    public var blobs: any BlobStore
    /// Polled feeds, who follows them, their schedule, leases and the entries each has had.
    public var feeds: any FeedStore
    /// Media items (images for posts) and their variants.
    public var media: any MediaStore
    /// Images whose variants are being made, at most ``MediaVariantQueue/concurrency`` at once.
    public let mediaVariants: MediaVariantQueue
    /// The per-blob limit, the per-account quota and the garbage-collection grace period of blobs.
    public var blobLimits: BlobServerLimits
    /// Readiness and the admin stats.
    public var operations: any OperationsStore
    /// This application's metrics; `nil` when metrics are off.
    public var metrics: ServerMetrics?
    /// Tombstones older than this are purged; a pull cursor from before then gets 410. 30 days by default.
    public var tombstoneHorizon: TimeInterval
    /// Password hashing.
    public var passwords: PasswordHasher
    /// Token issuing.
    public var tokens: TokenIssuer
    /// Comment moderation.
    public var moderation: any ModerationPolicy
    /// Per-client limit on new comments.
    public var commentRateLimiter: RateLimiter
    /// Limits on password guessing.
    public var loginThrottle: LoginThrottle
    /// Per-address limit on new accounts (each costs a bcrypt hash). 10 an hour by default.
    public var registrationRateLimiter: RateLimiter
    /// The current time.
    public var clock: @Sendable () -> Date
    /// The versions that say whether cached responses and tokens still hold.
    public var versions: any VersionStore
    /// Encoded anonymous reads, reused until a write moves the content version.
    let responseCache: ResponseCache
    /// Recent bearer tokens' owners, reused until a logout or user change moves the auth version.
    let tokenCache: TokenCache
    /// Recent users' saved addresses, for the duplicate checks of captures and follow deliveries.
    let savedAddresses = SavedAddressIndex()
    /// Wakes waiting long-poll pulls and event streams when a user's feed moves.
    public var liveFeed: LiveFeedNotifier
    /// The guarded fetcher `POST /v1/captures` fetches pages and images through (`--capture-allow` sets its
    /// allowed networks).
    public var captureFetcher: GuardedFetcher
    /// Per-account limit on captures (each fetches a page and its images). 30 a minute by default.
    public var captureRateLimiter: RateLimiter
    /// How this process polls followed feeds, and the signal that wakes its poller.
    public var feedPolling: FeedPollingSettings
    /// Per-account limit on follows and checks asked for (each fetches a feed). 10 a minute by default.
    public var followRateLimiter: RateLimiter
    /// Called once a post is published (created published, or its status changed to published), with the
    /// request that published it: delivers it to the author's followers. Set when the application is built.
    public var postPublished: (@Sendable (Post, Request) async -> Void)?

    /// Creates the dependencies from one store implementing every protocol. With `metrics`, the store's
    /// operations are timed into them (and the sync and comment paths count into them).
    public init<Store: SatchelStore>(
        store: Store, metrics: ServerMetrics? = nil,
        passwords: PasswordHasher = PasswordHasher(),
        tokens: TokenIssuer = TokenIssuer(),
        moderation: any ModerationPolicy = DefaultModerationPolicy(),
        commentRateLimiter: RateLimiter = RateLimiter(capacity: 5, per: 60),
        loginThrottle: LoginThrottle = LoginThrottle(),
        registrationRateLimiter: RateLimiter = RateLimiter(capacity: 10, per: 3_600, scope: "register"),
        tombstoneHorizon: TimeInterval = 30 * 86_400,
        blobLimits: BlobServerLimits = BlobServerLimits(),
        clock: @escaping @Sendable () -> Date = { Date() },
        liveFeed: LiveFeedNotifier = LiveFeedNotifier(),
        responseCacheBytes: Int = 32 << 20,
        captureFetcher: GuardedFetcher = GuardedFetcher(),
        captureRateLimiter: RateLimiter = RateLimiter(capacity: 30, per: 60, scope: "capture"),
        feedPolling: FeedPollingSettings = FeedPollingSettings(),
        followRateLimiter: RateLimiter = RateLimiter(capacity: 10, per: 60, scope: "follow")
    ) {
        self.feedPolling = feedPolling
        self.followRateLimiter = followRateLimiter
        self.captureFetcher = captureFetcher
        self.captureRateLimiter = captureRateLimiter
        self.responseCache = ResponseCache(budgetBytes: responseCacheBytes)
        self.tokenCache = TokenCache()
        self.liveFeed = liveFeed
        metrics?.addSampler { metrics in
            metrics.gauge("satchel_live_sync_waiting_clients", [], Double(liveFeed.waitingCount))
        }
        metrics?.addSampler { metrics in
            guard let pool = store.connectionPool() else { return }
            metrics.recordConnectionPool(pool)
        }
        let measured: any SatchelStore = metrics.map { MeasuredStore(store, metrics: $0) } ?? store
        self.metrics = metrics
        self.operations = measured
        self.sync = measured
        self.blobs = measured
        self.feeds = measured
        self.media = measured
        self.mediaVariants = MediaVariantQueue()
        self.blobLimits = blobLimits
        self.tombstoneHorizon = tombstoneHorizon
        self.accounts = measured
        self.posts = measured
        self.comments = measured
        self.idempotency = measured
        self.passwords = passwords
        self.tokens = tokens
        self.moderation = moderation
        self.commentRateLimiter = commentRateLimiter
        self.loginThrottle = loginThrottle
        self.registrationRateLimiter = registrationRateLimiter
        self.limits = measured
        // On PostgreSQL each version read is a round trip: concurrent requests share the next one.
        self.versions = store.versionReadIsRoundTrip ? CoalescedVersionReads(measured) : measured
        self.clock = clock
    }
}

extension ServerDependencies {
    /// Public reads served from the response cache, tagged with the store's versions.
    var publicReads: PublicReadCache { PublicReadCache(cache: responseCache, versions: versions) }
}
