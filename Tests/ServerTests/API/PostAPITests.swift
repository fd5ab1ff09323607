import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelHTTP

@Suite("Posts over HTTP")
struct PostAPITests {
    @Test("an author writes a post; the server derives slug, excerpt, word count and reading time")
    func create() async throws {
        try await LiveServer.run { server in
            let (_, author, authorUser) = try await server.adminAndAuthor()
            let body = Array(repeating: "word", count: 401).joined(separator: " ")
            let post = try await server.createPost(
                CreatePostRequest(title: "Hello, World!", body: body, tags: ["Swift", "Offline First"]), token: author)
            #expect(post.slug == "hello-world")
            #expect(post.wordCount == 401)
            #expect(post.readingTimeMinutes == 3, "401 words at 200 per minute round up to 3")
            #expect(post.tags == ["offline-first", "swift"])
            #expect(post.author.id == authorUser.id)
            #expect(post.status == .published && post.publishedAt != nil)
            #expect(post.excerpt.hasSuffix("…"))
            let again = try await server.createPost(CreatePostRequest(title: "Hello World", body: "x"), token: author)
            #expect(again.slug == "hello-world-2", "slugs stay unique")
        }
    }

    @Test("readers may not write posts; anonymous callers must sign in")
    func permissions() async throws {
        try await LiveServer.run { server in
            _ = try await server.register("admin")
            let (_, reader) = try await server.register("reader")
            let request = CreatePostRequest(title: "T", body: "B")
            #expect(try await server.send(.post, "/v1/posts", json: request, token: reader).status == .forbidden)
            #expect(try await server.send(.post, "/v1/posts", json: request).status == .unauthorized)
        }
    }

    @Test("lists paginate with nextCursor and a Link header, and filter by author, tag and text")
    func listing() async throws {
        try await LiveServer.run { server in
            let (admin, author, authorUser) = try await server.adminAndAuthor()
            for index in 0..<5 {
                _ = try await server.createPost(
                    CreatePostRequest(title: "Post \(index)", body: "Body about gardening \(index)", tags: ["t\(index % 2)"]),
                    token: author)
            }
            _ = try await server.createPost(CreatePostRequest(title: "Admin post", body: "Sailing"), token: admin)
            let first = try await server.send(.get, "/v1/posts?limit=4")
            let page1 = try first.decode(Page<Post>.self)
            #expect(page1.items.count == 4)
            let cursor = try #require(page1.nextCursor)
            #expect(first.headers[Pagination.linkField] == "</v1/posts?cursor=\(cursor)&limit=4>; rel=\"next\"")
            let page2 = try await server.send(.get, "/v1/posts?limit=4&cursor=\(cursor)").decode(Page<Post>.self)
            #expect(page2.items.count == 2 && page2.nextCursor == nil)
            #expect(Set((page1.items + page2.items).map(\.id)).count == 6)

            let byAuthor = try await server.send(.get, "/v1/posts?author=\(authorUser.id)").decode(Page<Post>.self)
            #expect(byAuthor.items.count == 5)
            let byTag = try await server.send(.get, "/v1/posts?tag=t1").decode(Page<Post>.self)
            #expect(byTag.items.map(\.title).sorted() == ["Post 1", "Post 3"])
            let search = try await server.send(.get, "/v1/posts?q=sailing").decode(Page<Post>.self)
            #expect(search.items.map(\.title) == ["Admin post"])
        }
    }

    @Test("a post is read by id or slug, with an ETag honoured by If-None-Match")
    func readAndETag() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "Cached", body: "Body"), token: author)
            let byId = try await server.send(.get, "/v1/posts/\(post.id)")
            #expect(try byId.decode(Post.self) == post)
            let etag = try #require(byId.headers[.eTag])
            let bySlug = try await server.send(.get, "/v1/posts/cached")
            #expect(try bySlug.decode(Post.self).id == post.id)
            let notModified = try await server.send(.get, "/v1/posts/\(post.id)", headers: [.ifNoneMatch: etag])
            #expect(notModified.status == .notModified)
            #expect(notModified.body.readableBytes == 0)
            let list = try await server.send(.get, "/v1/posts")
            let listTag = try #require(list.headers[.eTag])
            #expect(try await server.send(.get, "/v1/posts", headers: [.ifNoneMatch: listTag]).status == .notModified)
            #expect(try await server.send(.get, "/v1/posts/\(UUID())").status == .notFound)
        }
    }

    @Test("PATCH honours If-Match, bumps the version and recomputes reading time")
    func update() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "Draft one", body: "short"), token: author)
            let etag = try #require(try await server.send(.get, "/v1/posts/\(post.id)").headers[.eTag])
            let long = Array(repeating: "w", count: 250).joined(separator: " ")
            let updated = try await server.send(
                .patch, "/v1/posts/\(post.id)", json: UpdatePostRequest(body: long, commentStatus: .closed),
                token: author, headers: [.ifMatch: etag])
            #expect(updated.status == .ok)
            let value = try updated.decode(Post.self)
            #expect(value.version == 2 && value.readingTimeMinutes == 2 && value.commentStatus == .closed)
            let stale = try await server.send(
                .patch, "/v1/posts/\(post.id)", json: UpdatePostRequest(title: "Lost update"), token: author,
                headers: [.ifMatch: etag])
            #expect(stale.status == .preconditionFailed)
            #expect(try await server.send(.get, "/v1/posts/\(post.id)").decode(Post.self).title == "Draft one")
            let empty = try await server.send(.patch, "/v1/posts/\(post.id)", json: UpdatePostRequest(title: "  "), token: author)
            #expect(empty.status == .unprocessableContent)
        }
    }

    @Test("only the author or an admin edits or deletes; drafts are invisible to others")
    func ownership() async throws {
        try await LiveServer.run { server in
            let (admin, author, _) = try await server.adminAndAuthor()
            let (_, other) = try await server.register("other", role: .author, adminToken: admin)
            let post = try await server.createPost(CreatePostRequest(title: "Mine", body: "text"), token: author)
            let draft = try await server.createPost(CreatePostRequest(title: "Secret", body: "s", status: .draft), token: author)
            #expect(try await server.send(.patch, "/v1/posts/\(post.id)", json: UpdatePostRequest(title: "x"), token: other).status == .forbidden)
            #expect(try await server.send(.delete, "/v1/posts/\(post.id)", token: other).status == .forbidden)
            #expect(try await server.send(.get, "/v1/posts/\(draft.id)", token: other).status == .notFound)
            #expect(try await server.send(.get, "/v1/posts/\(draft.id)").status == .notFound)
            #expect(try await server.send(.patch, "/v1/posts/\(draft.id)", json: UpdatePostRequest(title: "x"), token: other).status == .notFound)
            let otherDrafts = try await server.send(.get, "/v1/posts?status=draft", token: other).decode(Page<Post>.self)
            #expect(!otherDrafts.items.contains { $0.id == draft.id })
            let ownDrafts = try await server.send(.get, "/v1/posts?status=draft", token: author).decode(Page<Post>.self)
            #expect(ownDrafts.items.contains { $0.id == draft.id })
            #expect(try await server.send(.get, "/v1/posts/\(draft.id)", token: author).status == .ok)
            #expect(try await server.send(.get, "/v1/posts/\(draft.id)", token: admin).status == .ok)
            #expect(try await server.send(.delete, "/v1/posts/\(post.id)", token: admin).status == .noContent)
            #expect(try await server.send(.get, "/v1/posts/\(post.id)").status == .notFound)
        }
    }

    @Test("random returns a published post, 404 when there is none; authors show their post count")
    func randomAndAuthors() async throws {
        try await LiveServer.run { server in
            let (_, author, authorUser) = try await server.adminAndAuthor()
            #expect(try await server.send(.get, "/v1/posts/random").status == .notFound)
            let post = try await server.createPost(CreatePostRequest(title: "Only", body: "one"), token: author)
            #expect(try await server.send(.get, "/v1/posts/random").decode(Post.self).id == post.id)
            let profile = try await server.send(.get, "/v1/authors/\(authorUser.id)").decode(Author.self)
            #expect(profile.postCount == 1 && profile.displayName == "author")
            #expect(try await server.send(.get, "/v1/authors/\(UUID())").status == .notFound)
        }
    }

    @Test("Idempotency-Key on POST /v1/posts creates the post once")
    func idempotentCreate() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let request = CreatePostRequest(title: "Once", body: "only once")
            let key: HTTPFields = [IdempotentPOST.keyHeader: "key-1"]
            let first = try await server.send(.post, "/v1/posts", json: request, token: author, headers: key)
            let second = try await server.send(.post, "/v1/posts", json: request, token: author, headers: key)
            #expect(first.status == .created && second.status == .created)
            #expect(first.bodyText == second.bodyText)
            #expect(second.headers[IdempotentPOST.replayedHeader] == "true")
            #expect(try await server.send(.get, "/v1/posts").decode(Page<Post>.self).items.count == 1)
            let reused = try await server.send(
                .post, "/v1/posts", json: CreatePostRequest(title: "Other", body: "x"), token: author, headers: key)
            #expect(reused.status == .unprocessableContent)
        }
    }
}
