import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// The posts API: list, search, read, write, edit, delete, random; and authors.
struct PostRoutes {
    let dependencies: ServerDependencies
    var editor: PostEditor { PostEditor(dependencies: dependencies) }

    /// Adds the routes to the `/v1` group.
    func addRoutes(to api: RouterGroup<SatchelRequestContext>) {
        let reads = dependencies.publicReads
        let lookup = dependencies.postLookup
        api.get("posts") { request, context in
            try await reads.respond(request, context: context, key: PublicReadCache.apiKey(request)) {
                try await list(request, context)
            }
        }
        api.post("posts") { request, context in
            let context = context.allowingBodies(upTo: RequestLimits.maxPostBodyBytes)
            return try await IdempotentPOST(store: dependencies.idempotency, clock: dependencies.clock)
                .run(request, context: context) { request in try await editor.create(request, context) }
        }
        api.get("posts/random") { _, _ in
            guard let post = try await dependencies.posts.randomPost() else {
                throw APIError.notFound("A published post")
            }
            return EditedResponse(headers: [.cacheControl: "no-store"], response: post)
        }
        api.get("posts/{id}") { request, context in
            try await reads.respond(request, context: context, key: PublicReadCache.apiKey(request)) {
                try .json(try await lookup.visiblePost(context.parameters.get("id") ?? "", for: context.user))
            }
        }
        api.patch("posts/{id}") { request, context in
            try await editor.update(request, context.allowingBodies(upTo: RequestLimits.maxPostBodyBytes))
        }
        api.delete("posts/{id}") { request, context in try await editor.delete(request, context) }
        api.get("authors/{id}") { request, context in
            let id = try request.uuidParameter("id", context: context)
            guard let author = try await dependencies.posts.author(id: id) else { throw APIError.notFound("Author \(id)") }
            return author
        }
    }

    private func list(_ request: Request, _ context: SatchelRequestContext) async throws -> CacheableBody {
        try request.requireOnlyQueryParameters(["limit", "cursor", "author", "tag", "q", "status"])
        let page = try Pagination(request: request)
        let parameters = request.uri.queryParameters
        var query = PostQuery(limit: page.limit)
        if let author = parameters["author"].map(String.init) {
            guard let id = UUID(uuidString: author) else { throw APIError.badParameter("author", "must be an author id.") }
            query.authorId = id
        }
        query.tag = parameters["tag"].map { String($0).lowercased() }
        if let text = parameters["q"].map(String.init) {
            guard TextRules.length(text) <= 200 else { throw APIError.badParameter("q", "must be at most 200 characters.") }
            // Text without a word (punctuation only) searches for nothing: the plain list, with its cursors.
            query.search = PostQuery.searchWords(in: text).isEmpty ? nil : text
        }
        if let status = parameters["status"] {
            guard status == "draft" else { throw APIError.badParameter("status", "must be draft (your own drafts too).") }
            query.includeDraftsOf = try context.requireUser().id
        }
        query.position = try PostListCursor.position(from: page.cursor, searching: query.search != nil)
        let result = try await dependencies.posts.listPosts(query)
        return try Pagination.body(
            items: result.posts, nextCursor: result.next.map(PostListCursor.cursor(for:)), request: request)
    }
}
