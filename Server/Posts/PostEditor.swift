import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// Writing posts: validation, derived fields (slug, excerpt, reading time), permissions, `If-Match`.
struct PostEditor {
    let dependencies: ServerDependencies

    /// Whether `user` may edit or delete `post`: its author or an admin.
    static func mayEdit(_ post: Post, _ user: User?) -> Bool {
        guard let user else { return false }
        return user.role == .admin || user.id == post.author.id
    }

    func create(_ request: Request, _ context: SatchelRequestContext) async throws -> StoredResponse {
        let user = try context.requireUser()
        guard user.role.canPublish else {
            throw APIError.forbidden("Only authors and admins may write posts; ask an admin for the author role.")
        }
        let body = try await request.decode(as: CreatePostRequest.self, context: context)
        var validator = FieldValidator()
        let title = validator.text(body.title, field: "title", maxLength: 300)
        let text = validator.text(body.body, field: "body", maxLength: 200_000)
        let excerpt = validator.text(body.excerpt, field: "excerpt", maxLength: 1_000, required: false)
        let tags = validator.tags(body.tags) ?? []
        var explicitSlug: String?
        if let slug = body.slug {
            let normalized = PostText.slug(from: slug)
            if normalized != slug.lowercased() || TextRules.length(slug) > 80 {
                validator.fail("slug", "must be lower-case letters and digits joined by single hyphens, e.g. 'hello-world'.")
            }
            explicitSlug = normalized
        }
        try validator.check()
        guard let title, let text else { throw APIError.validation(validator.errors) }
        let now = dependencies.clock()
        let status = body.status ?? .published
        let images = PostImages(dependencies: dependencies)
        try await images.checkFeatured(body.featuredMediaId, authorId: user.id)
        if status == .published {
            try await images.checkPublishable(body: text, featuredMediaId: body.featuredMediaId, authorId: user.id)
        }
        let words = ReadingTime.wordCount(of: text)
        var post = Post(
            id: UUID(), slug: explicitSlug ?? PostText.slug(from: title), title: title,
            excerpt: excerpt.flatMap { $0.isEmpty ? nil : $0 } ?? PostText.excerpt(from: text), body: text,
            author: user.author, tags: tags, status: status, publishedAt: status == .published ? now : nil,
            createdAt: now, updatedAt: now, wordCount: words,
            readingTimeMinutes: ReadingTime.minutes(forWords: words), commentStatus: body.commentStatus ?? .open,
            commentCount: 0, version: 1, featuredMediaId: body.featuredMediaId)
        let base = post.slug
        for attempt in 1...20 {
            if attempt > 1 {
                if explicitSlug != nil { throw APIError.conflict("The slug '\(base)' is already taken.", field: "slug") }
                post.slug = "\(base)-\(attempt)"
            }
            if try await dependencies.posts.slugExists(post.slug) { continue }
            do {
                let created = try await dependencies.posts.createPost(post)
                if created.status == .published { await dependencies.postPublished?(created, request) }
                return try .json(created, status: .created, headers: ["Location": "/v1/posts/\(created.id)"])
            } catch StoreError.duplicate(field: "slug") {
                continue
            }
        }
        throw APIError.conflict("Could not find a free slug for '\(base)'; give one explicitly.", field: "slug")
    }

    func update(_ request: Request, _ context: SatchelRequestContext) async throws -> Post {
        let user = try context.requireUser()
        let current = try await editablePost(context, user: user)
        if let condition = request.headers[.ifMatch] {
            guard try await names(current, condition) else {
                throw APIError.preconditionFailed("The post changed since you read it; fetch it again and reapply.")
            }
        }
        let body = try await request.decode(as: UpdatePostRequest.self, context: context)
        var validator = FieldValidator()
        var post = current
        if let title = validator.text(body.title, field: "title", maxLength: 300, required: body.title != nil) {
            post.title = title
        }
        if let text = validator.text(body.body, field: "body", maxLength: 200_000, required: body.body != nil) {
            post.body = text
            post.wordCount = ReadingTime.wordCount(of: text)
            post.readingTimeMinutes = ReadingTime.minutes(forWords: post.wordCount)
            if body.excerpt == nil && current.excerpt == PostText.excerpt(from: current.body) {
                post.excerpt = PostText.excerpt(from: text)
            }
        }
        if let excerpt = validator.text(body.excerpt, field: "excerpt", maxLength: 1_000, required: false) {
            post.excerpt = excerpt.isEmpty ? PostText.excerpt(from: post.body) : excerpt
        }
        if let tags = validator.tags(body.tags) { post.tags = tags }
        try validator.check()
        if let status = body.status {
            post.status = status
            if status == .published && post.publishedAt == nil { post.publishedAt = dependencies.clock() }
        }
        if let commentStatus = body.commentStatus { post.commentStatus = commentStatus }
        let images = PostImages(dependencies: dependencies)
        if let featured = body.featuredMediaId {
            try await images.checkFeatured(featured, authorId: post.author.id)
            post.featuredMediaId = featured
        } else if body.clearsFeaturedMedia {
            post.featuredMediaId = nil
        }
        if post.status == .published
            && (current.status != .published || post.body != current.body || post.featuredMediaId != current.featuredMediaId)
        {
            try await images.checkPublishable(body: post.body, featuredMediaId: post.featuredMediaId, authorId: post.author.id)
        }
        post.updatedAt = dependencies.clock()
        guard let updated = try await dependencies.posts.updatePost(post, expectedVersion: current.version) else {
            throw APIError.notFound("Post \(current.id)")
        }
        if current.status != .published && updated.status == .published { await dependencies.postPublished?(updated, request) }
        return updated
    }

    func delete(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let post = try await editablePost(context, user: user)
        if let condition = request.headers[.ifMatch], try await !names(post, condition) {
            throw APIError.preconditionFailed("The post changed since you read it.")
        }
        try await dependencies.posts.deletePost(id: post.id)
        return Response(status: .noContent)
    }

    /// The post named by `{id}` (a UUID or a slug, as everywhere), if it exists and `user` may change it:
    /// 404 when invisible, 403 when only readable.
    private func editablePost(_ context: SatchelRequestContext, user: User) async throws -> Post {
        let post = try await dependencies.postLookup.visiblePost(context.parameters.get("id") ?? "", for: user)
        guard Self.mayEdit(post, user) else {
            throw APIError.forbidden("Only the post's author or an admin may change it.")
        }
        return post
    }

    /// Whether an `If-Match` value names `post` as it is now: by the tag of a signed-in read (a hash of
    /// the post) or of an anonymous, cached read (the content version, unchanged since then).
    private func names(_ post: Post, _ condition: String) async throws -> Bool {
        if EntityTag.matches(condition, EntityTag.of(try SatchelResponseEncoder.data(post))) { return true }
        return EntityTag.matches(condition, PublicReadCache.etag(try await dependencies.versions.versions()))
    }
}
