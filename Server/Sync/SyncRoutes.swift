import Foundation
import HTTPTypes
import Hummingbird
import Shared

/// `POST /v1/sync/push` and `GET /v1/sync/pull`: each signed-in user's private change feed.
struct SyncRoutes {
    let dependencies: ServerDependencies
    let purger: TombstonePurger

    func register(on router: Router<SatchelRequestContext>) {
        router.post("/v1/sync/push") { request, context in try await push(request, context) }
        router.get("/v1/sync/pull") { request, context in try await pull(request, context) }
    }

    /// Refuses a request that names a protocol version this server does not speak.
    static func checkProtocolVersion(_ request: Request) throws {
        guard let text = request.headers[versionHeader] else { return }
        guard Int(text) == ProtocolVersion.current else {
            throw APIError.badParameter(
                ProtocolVersion.headerName, "this server speaks sync protocol version \(ProtocolVersion.current).")
        }
    }

    static let versionHeader = HTTPField.Name(ProtocolVersion.headerName)!

    private func push(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        try Self.checkProtocolVersion(request)
        var request = request
        let body = try await request.decodeJSON(PushRequest.self, context: context, maxBytes: SyncLimits.maxPushBytes)
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
            var prepared = PreparedMutation(mutation: mutation, comment: nil)
            if mutation.entity == .comment, mutation.op == .create, SyncSchema.validate(mutation) == nil {
                prepared.comment = try await Self.prepareComment(mutation, user: user, publisher: publisher)
            }
            batch.append(prepared)
        }
        let now = dependencies.clock()
        let results = try await dependencies.sync.applyPush(
            userId: user.id, batch: batch, applier: SyncApplier(clientId: body.clientId, now: now))
        return try JSONResponse.make(
            PushResponse(results: results, serverTime: now), request: request,
            headers: [Self.versionHeader: String(ProtocolVersion.current)])
    }

    private func pull(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        try Self.checkProtocolVersion(request)
        let page = try Pagination(request: request, maxLimit: SyncLimits.maxPullPage)
        let limit = request.uri.queryParameters["limit"] == nil ? SyncLimits.defaultPullPage : page.limit
        var after = 0
        if let cursor = page.cursor {
            guard let version = cursor["v"].flatMap(Int.init), version >= 0 else {
                throw APIError.badParameter("cursor", "is not a sync cursor; pull without one to start over.")
            }
            after = version
        }
        await purger.purgeIfDue(dependencies: dependencies)
        let feed: SyncFeedPage
        do {
            feed = try await dependencies.sync.pull(userId: user.id, after: after, limit: limit)
        } catch SyncFeedError.cursorExpired {
            throw APIError(
                .gone, type: "/problems/cursor-expired", title: "Sync cursor expired",
                detail: "Deletions older than this cursor were purged. Pull again without a cursor to re-read "
                    + "everything, and keep your pending local changes to push afterwards.")
        }
        let last = feed.changes.last?.version ?? after
        return try JSONResponse.make(
            PullResponse(changes: feed.changes, cursor: Pagination.encode(["v": String(last)]), hasMore: feed.hasMore),
            request: request, headers: [.cacheControl: "no-store", Self.versionHeader: String(ProtocolVersion.current)])
    }

    /// Validates and moderates a queued comment. A refusal becomes the mutation's rejection; any other
    /// failure (the database, say) fails the whole push, so the client retries instead of losing the comment.
    private static func prepareComment(_ mutation: Mutation, user: User, publisher: CommentPublisher) async throws
        -> Result<Comment, CommentRefusal>
    {
        let fields = mutation.fields
        guard let postId = fields["postId"]?.value.stringValue.flatMap(UUID.init(uuidString:)) else {
            return .failure(.invalid([FieldError(field: "postId", message: "must be a post id.")]))
        }
        let parentText = fields["parentId"]?.value.stringValue
        let parentId = parentText.flatMap(UUID.init(uuidString:))
        if parentText != nil && parentId == nil {
            return .failure(.invalid([FieldError(field: "parentId", message: "must be a comment id.")]))
        }
        let request = CreateCommentRequest(
            id: mutation.recordId, body: fields["body"]?.value.stringValue ?? "", parentId: parentId,
            clientCreatedAt: fields["clientCreatedAt"]?.value.stringValue.flatMap(SatchelJSON.date(from:)))
        do {
            return .success(try await publisher.prepare(request, postId: postId, user: user))
        } catch let refusal as CommentRefusal {
            return .failure(refusal)
        }
    }
}

/// Purges expired tombstones at most once a minute per process, on the pull path.
actor TombstonePurger {
    private var lastRun: Date?

    func purgeIfDue(dependencies: ServerDependencies) async {
        let now = dependencies.clock()
        if let lastRun, now.timeIntervalSince(lastRun) < 60 { return }
        lastRun = now
        _ = try? await dependencies.sync.purgeTombstones(before: now.addingTimeInterval(-dependencies.tombstoneHorizon))
    }
}
