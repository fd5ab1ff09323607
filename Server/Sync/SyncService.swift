import Foundation
import SatchelHTTP
import SatchelShared
import SatchelSync
import SatchelStores

/// The sync API without HTTP: validates a push, prepares queued comments (``QueuedCommentRules``), applies
/// the batch; reads the feed after a cursor. The HTTP routes and in-process simulations both go through it.
public struct SyncService: Sendable {
    let dependencies: ServerDependencies
    /// The merge rules; always ``MergePolicy/standard`` outside tests that inject a broken rule.
    public var mergePolicy = MergePolicy.standard

    /// Creates the service over the server's stores.
    public init(dependencies: ServerDependencies) {
        self.dependencies = dependencies
    }

    /// Applies a push for `user`; throws a 422 ``APIError`` for a malformed batch.
    public func push(_ body: PushRequest, user: User) async throws -> PushResponse {
        var validator = FieldValidator()
        _ = validator.text(body.clientId, field: "clientId", maxLength: 100)
        if body.mutations.count > SyncLimits.maxPushBatch {
            validator.fail("mutations", "may hold at most \(SyncLimits.maxPushBatch) mutations; send several pushes.")
        }
        if Set(body.mutations.map(\.id)).count != body.mutations.count {
            validator.fail("mutations", "each mutation needs its own id.")
        }
        try validator.check()
        let publisher = CommentPublisher(dependencies: dependencies)
        var batch: [PreparedMutation] = []
        batch.reserveCapacity(body.mutations.count)
        for mutation in body.mutations {
            let comment = try await QueuedCommentRules.prepare(mutation, user: user, publisher: publisher)
            batch.append(PreparedMutation(mutation: mutation, comment: comment))
        }
        let now = dependencies.clock()
        var applier = SyncApplier(clientId: body.clientId, now: now)
        applier.policy = mergePolicy
        let blobCheck = try await PushBlobCheck(batch: batch, userId: user.id, blobs: dependencies.blobs, now: now)
        let applied = blobCheck.admitted.isEmpty
            ? [] : try await dependencies.sync.applyPush(userId: user.id, batch: blobCheck.admitted, applier: applier)
        let results = blobCheck.results(applied: applied)
        dependencies.metrics?.recordPush(batch: batch, results: results)
        if applied.contains(where: { $0.status != .rejected || !$0.conflictIds.isEmpty }) {
            dependencies.liveFeed.feedMoved(userId: user.id)
        }
        if body.mutations.contains(where: { $0.entity == .follow }) {
            try await FollowSubscriptionSync(dependencies: dependencies).apply(body.mutations, results: results, user: user)
        }
        return PushResponse(results: results, serverTime: now)
    }

    /// The page of `user`'s feed after `cursor`, as `GET /v1/sync/pull` sends it (callers in the same process
    /// read it with `PullResponse.decode`). Throws a 400 ``APIError`` for a foreign cursor and a 410 one when
    /// the cursor is older than the horizon.
    public func pull(user: User, cursor: String?, limit: Int) async throws -> EncodedPullPage {
        let after = try Self.position(of: cursor)
        let feed = try await Self.expiring {
            try await dependencies.sync.pullEncoded(userId: user.id, after: after, limit: limit)
        }
        let last = feed.lastVersion ?? after
        dependencies.metrics?.recordPull(changes: feed.changeCount)
        let body = PullResponse.encodedData(
            changes: feed.changes, cursor: Pagination.encode(["v": String(last)]), hasMore: feed.hasMore)
        return EncodedPullPage(body: body, isEmpty: feed.lastVersion == nil)
    }

    /// The position of `user`'s feed: the version of its last change, 0 before the first.
    public func feedVersion(user: User) async throws -> Int {
        try await dependencies.sync.feedVersion(userId: user.id)
    }

    /// The feed position a cursor stands for (0 without one).
    private static func position(of cursor: String?) throws -> Int {
        guard let cursor else { return 0 }
        guard let fields = Pagination.decode(cursor), let version = fields["v"].flatMap(Int.init), version >= 0 else {
            throw APIError.badParameter("cursor", "is not a sync cursor; pull without one to start over.")
        }
        return version
    }

    /// Runs a feed read, turning an expired cursor into 410 Gone with how to catch up.
    private static func expiring<T>(_ read: () async throws -> T) async throws -> T {
        do {
            return try await read()
        } catch SyncFeedError.cursorExpired {
            throw APIError(
                .gone, type: "/problems/cursor-expired", title: "Sync cursor expired",
                detail: "Deletions older than this cursor were purged. Pull again without a cursor to re-read "
                    + "everything, and keep your pending local changes to push afterwards.")
        }
    }
}

/// A pull page as the response body's bytes.
public struct EncodedPullPage: Sendable {
    /// The body of `GET /v1/sync/pull`.
    public let body: Data
    /// Whether the page holds no changes (what a long-poll pull waits on).
    public let isEmpty: Bool
}
