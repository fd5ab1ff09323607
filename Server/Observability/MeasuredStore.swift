import Foundation
import SatchelShared
import Synchronization
import SatchelSync
import SatchelStores

/// A store that times every operation of the store it wraps into ``ServerMetrics``
/// (`satchel_store_operation_duration_seconds{operation=…}`) and keeps the number running at once
/// (`satchel_store_operations_in_flight`). Used when metrics are on; otherwise the store is used bare.
final class MeasuredStore: Sendable {
    let base: any SatchelStore
    let metrics: ServerMetrics
    private let inFlight = Atomic<Int>(0)

    init(_ base: any SatchelStore, metrics: ServerMetrics) {
        self.base = base
        self.metrics = metrics
    }

    /// Runs `body`, timing it as `operation`.
    func measure<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        metrics.recordStoreOperationsInFlight(inFlight.wrappingAdd(1, ordering: .relaxed).newValue)
        let start = ContinuousClock.now
        defer { metrics.recordStoreOperationsInFlight(inFlight.wrappingSubtract(1, ordering: .relaxed).newValue) }
        do {
            let value = try await body()
            metrics.recordStoreOperation(operation, duration: ContinuousClock.now - start, failed: false)
            return value
        } catch {
            metrics.recordStoreOperation(operation, duration: ContinuousClock.now - start, failed: true)
            throw error
        }
    }
}

extension MeasuredStore: AccountStore {
    func createUser(_ user: StoredUser) async throws -> User { try await measure("createUser") { try await base.createUser(user) } }
    func user(id: UUID) async throws -> StoredUser? { try await measure("userById") { try await base.user(id: id) } }
    func user(username: String) async throws -> StoredUser? {
        try await measure("userByName") { try await base.user(username: username) }
    }
    func setRole(_ role: Role, forUser id: UUID) async throws -> User? {
        try await measure("setRole") { try await base.setRole(role, forUser: id) }
    }
    func insertToken(hash: String, userId: UUID, createdAt: Date, expiresAt: Date) async throws {
        try await measure("insertToken") {
            try await base.insertToken(hash: hash, userId: userId, createdAt: createdAt, expiresAt: expiresAt)
        }
    }
    func user(forTokenHash hash: String, now: Date) async throws -> User? {
        try await measure("userByToken") { try await base.user(forTokenHash: hash, now: now) }
    }
    func session(forTokenHash hash: String, now: Date) async throws -> TokenSession? {
        try await measure("sessionByToken") { try await base.session(forTokenHash: hash, now: now) }
    }
    func deleteToken(hash: String) async throws -> Bool { try await measure("deleteToken") { try await base.deleteToken(hash: hash) } }
}

extension MeasuredStore: PostStore {
    func createPost(_ post: Post) async throws -> Post { try await measure("createPost") { try await base.createPost(post) } }
    func post(id: UUID) async throws -> Post? { try await measure("postById") { try await base.post(id: id) } }
    func post(slug: String) async throws -> Post? { try await measure("postBySlug") { try await base.post(slug: slug) } }
    func slugExists(_ slug: String) async throws -> Bool { try await measure("slugExists") { try await base.slugExists(slug) } }
    func listPosts(_ query: PostQuery) async throws -> PostPage { try await measure("listPosts") { try await base.listPosts(query) } }
    func updatePost(_ post: Post, expectedVersion: Int) async throws -> Post? {
        try await measure("updatePost") { try await base.updatePost(post, expectedVersion: expectedVersion) }
    }
    func deletePost(id: UUID) async throws -> Bool { try await measure("deletePost") { try await base.deletePost(id: id) } }
    func randomPost() async throws -> Post? { try await measure("randomPost") { try await base.randomPost() } }
    func author(id: UUID) async throws -> Author? { try await measure("author") { try await base.author(id: id) } }
}

extension MeasuredStore: CommentStore {
    func createComment(_ comment: Comment) async throws -> Comment {
        try await measure("createComment") { try await base.createComment(comment) }
    }
    func comment(id: UUID) async throws -> Comment? { try await measure("commentById") { try await base.comment(id: id) } }
    func comments(postId: UUID, status: CommentModerationStatus, limit: Int, position: CommentListPosition)
        async throws -> CommentPage
    {
        try await measure("listComments") {
            try await base.comments(postId: postId, status: status, limit: limit, position: position)
        }
    }
    func hasComment(postId: UUID, body: String) async throws -> Bool {
        try await measure("hasComment") { try await base.hasComment(postId: postId, body: body) }
    }
    func setStatus(_ status: CommentModerationStatus, forComment id: UUID, at now: Date) async throws -> Comment? {
        try await measure("setCommentStatus") { try await base.setStatus(status, forComment: id, at: now) }
    }
}

extension MeasuredStore: IdempotencyStore {
    func claim(scope: String, key: String, fingerprint: String, now: Date) async throws -> IdempotencyClaim {
        try await measure("claimIdempotencyKey") {
            try await base.claim(scope: scope, key: key, fingerprint: fingerprint, now: now)
        }
    }
    func complete(scope: String, key: String, response: StoredResponse) async throws {
        try await measure("completeIdempotencyKey") { try await base.complete(scope: scope, key: key, response: response) }
    }
    func release(scope: String, key: String) async throws {
        try await measure("releaseIdempotencyKey") { try await base.release(scope: scope, key: key) }
    }
}

extension MeasuredStore: SyncStore {
    func applyPush(userId: UUID, batch: [PreparedMutation], applier: SyncApplier) async throws -> [MutationResult] {
        try await measure("applyPush") { try await base.applyPush(userId: userId, batch: batch, applier: applier) }
    }
    func pullEncoded(userId: UUID, after: Int, limit: Int) async throws -> EncodedFeedPage {
        try await measure("pull") { try await base.pullEncoded(userId: userId, after: after, limit: limit) }
    }
    func purgeTombstones(before cutoff: Date) async throws -> Int {
        try await measure("purgeTombstones") { try await base.purgeTombstones(before: cutoff) }
    }
    func feedVersion(userId: UUID) async throws -> Int {
        try await measure("feedVersion") { try await base.feedVersion(userId: userId) }
    }
}

extension MeasuredStore: OperationsStore {
    func readiness() async -> Readiness { await base.readiness() }
    func connectionPool() -> ConnectionPoolFigures? { base.connectionPool() }
    func stats(purgeCutoff: Date) async throws -> ServerStats {
        try await measure("stats") { try await base.stats(purgeCutoff: purgeCutoff) }
    }
}

extension MeasuredStore: LimitStore {
    func updateCounter<Outcome: Sendable>(
        _ key: String, _ decide: @escaping @Sendable (LimitCounter?) -> (LimitCounter?, Outcome)
    ) async throws -> Outcome {
        try await measure("updateCounter") { try await base.updateCounter(key, decide) }
    }
    func purgeCounters(before cutoff: Date) async throws -> Int {
        try await measure("purgeCounters") { try await base.purgeCounters(before: cutoff) }
    }
}

extension MeasuredStore: VersionStore {
    /// Not timed: read on every cacheable request, from memory on SQLite.
    func versions() async throws -> StoreVersions { try await base.versions() }
    /// The measured store's.
    var versionReadIsRoundTrip: Bool { base.versionReadIsRoundTrip }
}
