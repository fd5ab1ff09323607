import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelSync
import SatchelStores

/// Reading, posting and moderating comments.
struct CommentRoutes {
    let dependencies: ServerDependencies

    /// Adds the routes to the `/v1` group.
    func addRoutes(to api: RouterGroup<SatchelRequestContext>) {
        let reads = dependencies.publicReads
        api.get("posts/{id}/comments") { request, context in
            try await reads.respond(request, context: context, key: PublicReadCache.apiKey(request)) {
                try await list(request, context)
            }
        }
        api.post("posts/{id}/comments") { request, context in
            try request.requireJSONContentType()
            // A replay of an Idempotency-Key returns the stored response without spending the rate limit.
            return try await IdempotentPOST(store: dependencies.idempotency, clock: dependencies.clock)
                .run(request, context: context) { request in
                    try await CommentPublisher(dependencies: dependencies).spendRateLimit(for: context.rateLimitKey)
                    return try await create(request, context)
                }
        }
        api.get("comments/{id}") { request, context in try await show(request, context) }
        api.patch("comments/{id}") { request, context in try await moderate(request, context) }
    }

    /// The post named by `{id}` (a UUID or a slug, as on every post route), if the caller may see it.
    private func visiblePost(_ context: SatchelRequestContext) async throws -> Post {
        try await dependencies.postLookup.visiblePost(context.parameters.get("id") ?? "", for: context.user)
    }

    /// Approved comments, oldest first; the post's author or an admin may ask for `?status=pending|spam|trash`.
    private func list(_ request: Request, _ context: SatchelRequestContext) async throws -> CacheableBody {
        try request.requireOnlyQueryParameters(["limit", "cursor", "status"])
        let post = try await visiblePost(context)
        let page = try Pagination(request: request)
        var status = CommentModerationStatus.approved
        if let text = request.uri.queryParameters["status"] {
            guard let asked = CommentModerationStatus(rawValue: String(text)) else {
                throw APIError.badParameter("status", "must be pending, approved, spam or trash.")
            }
            if asked != .approved && !PostEditor.mayEdit(post, context.user) {
                throw APIError.forbidden("Only the post's author or an admin may see unpublished comments.")
            }
            status = asked
        }
        var position = CommentListPosition.start
        if let cursor = page.cursor {
            guard let millis = cursor["c"].flatMap(Int64.init), let id = cursor["i"].flatMap(UUID.init(uuidString:)) else {
                throw APIError.badParameter("cursor", "does not belong to this list; start again without it.")
            }
            position = .after(createdMillis: millis, id: id)
        }
        let result = try await dependencies.comments.comments(
            postId: post.id, status: status, limit: page.limit, position: position)
        let isAdmin = context.user?.role == .admin
        let next = result.next.map { position -> String in
            guard case .after(let millis, let id) = position else { return "" }
            return Pagination.encode(["c": String(millis), "i": id.uuidString])
        }
        return try Pagination.body(
            items: result.comments.map { isAdmin ? $0 : $0.publicView }, nextCursor: next, request: request)
    }

    private func create(_ request: Request, _ context: SatchelRequestContext) async throws -> StoredResponse {
        let post = try await visiblePost(context)
        // A draft its editor can see exists, but takes comments only once published.
        guard post.status == .published else { throw APIError.forbidden("Comments open when the post is published.") }
        let postId = post.id
        let body = try await request.decode(as: CreateCommentRequest.self, context: context)
        let comment: Comment
        do {
            comment = try await CommentPublisher(dependencies: dependencies)
                .publish(body, postId: postId, user: context.user)
        } catch let refusal as CommentRefusal {
            switch refusal {
            case .invalid(let errors): throw APIError.validation(errors)
            case .postNotFound: throw APIError.notFound("Post \(postId)")
            case .commentsClosed: throw APIError.forbidden("Comments are closed on this post.")
            }
        } catch StoreError.duplicate(field: "id") {
            throw APIError.conflict("A comment with this id already exists.", field: "id")
        }
        dependencies.metrics?.recordComment(comment.status, source: "http")
        let view = context.user?.role == .admin ? comment : comment.publicView
        return try .json(
            view, status: comment.status == .approved ? .created : .accepted,
            headers: ["Location": "/v1/comments/\(comment.id)"])
    }

    /// One comment, where the `Location` of a new comment points. An approved comment on a visible post
    /// is public; a held one (pending, spam, trash) is shown only to the reader who wrote it and to those
    /// who may moderate it, and is otherwise as absent as a missing one (404), so ids reveal nothing.
    private func show(_ request: Request, _ context: SatchelRequestContext) async throws -> Comment {
        let id = try request.uuidParameter("id", context: context)
        guard let comment = try await dependencies.comments.comment(id: id),
              let post = try await dependencies.posts.post(id: comment.postId)
        else { throw APIError.notFound("Comment \(id)") }
        let moderator = PostEditor.mayEdit(post, context.user)
        let visible = post.status == .published || moderator
        let isAuthor = context.user.map { comment.userId == $0.id } ?? false
        guard visible, comment.status == .approved || moderator || isAuthor else {
            throw APIError.notFound("Comment \(id)")
        }
        return context.user?.role == .admin ? comment : comment.publicView
    }

    private func moderate(_ request: Request, _ context: SatchelRequestContext) async throws -> Comment {
        let user = try context.requireUser()
        let id = try request.uuidParameter("id", context: context)
        guard let comment = try await dependencies.comments.comment(id: id) else { throw APIError.notFound("Comment \(id)") }
        guard let post = try await dependencies.posts.post(id: comment.postId), PostEditor.mayEdit(post, user) else {
            throw APIError.forbidden("Only the post's author or an admin may moderate its comments.")
        }
        let body = try await request.decode(as: ModerateCommentRequest.self, context: context)
        guard let updated = try await dependencies.comments.setStatus(body.status, forComment: id, at: dependencies.clock()) else {
            throw APIError.notFound("Comment \(id)")
        }
        // A comment queued through sync has a record in its writer's feed, which moderation moves.
        if let writer = updated.userId { dependencies.liveFeed.feedMoved(userId: writer) }
        return user.role == .admin ? updated : updated.publicView
    }
}
