import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
import SatchelTestSupport

/// The cached public read path over real HTTP: after every kind of write the next read shows it, a stale
/// `If-None-Match` gets the new body, a current one gets 304, and nothing a signed-in reader sees is cached.
@Suite("Cached public reads")
struct ReadCacheAPITests {
    /// Reads `path` anonymously (as a browser for pages) and returns the status, tag and body.
    static func read(_ server: LiveServer, _ path: String, ifNoneMatch: String? = nil)
        async throws -> (status: HTTPResponse.Status, etag: String?, body: String)
    {
        var headers: HTTPFields = [:]
        if let ifNoneMatch { headers[.ifNoneMatch] = ifNoneMatch }
        let response = path.hasPrefix("/v1/")
            ? try await server.send(.get, path, headers: headers) : try await server.page(path, headers: headers)
        return (response.status, response.headers[.eTag], response.bodyText)
    }

    /// Every cached view of `post`: the post, the list, its comments, the front page and its page.
    static func views(of post: Post) -> [String] {
        ["/v1/posts/\(post.slug)", "/v1/posts/\(post.id)", "/v1/posts", "/v1/posts/\(post.id)/comments", "/",
         "/posts/\(post.slug)"]
    }

    @Test("a bad query or a missing post answers 400 or 404 whatever If-None-Match says, never 304")
    func conditionalReadsValidateFirst() async throws {
        try await LiveServer.run { server in
            let (post, _, _) = try await server.authorWithPost(title: "Present")
            let current = try #require(try await Self.read(server, "/posts/\(post.slug)").etag)
            for condition in ["*", current] {
                for path in ["/search?q=\(String(repeating: "x", count: 1_000))", "/tags/news?cursor=%F2%96%84%A9%C3%A2",
                             "/v1/posts?cursor=not-a-cursor", "/posts/no-such-post", "/v1/posts/no-such-post"] {
                    let answer = try await Self.read(server, path, ifNoneMatch: condition)
                    #expect([400, 404].contains(answer.status.code), "\(path) with If-None-Match \(condition): \(answer.status)")
                }
            }
            #expect(try await Self.read(server, "/posts/\(post.slug)", ifNoneMatch: "*").status == .notModified)
        }
    }

    @Test("post edits, unpublishing, publishing and deletes show at once in every cached view", arguments: StoreKind.allCases)
    func postWrites(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (post, token, _) = try await server.authorWithPost(title: "Original Title")
            for path in Self.views(of: post) where !path.hasSuffix("/comments") {
                let first = try await Self.read(server, path)
                #expect(first.status == .ok && first.body.contains("Original Title"), "\(path)")
                let again = try await Self.read(server, path)
                #expect(again.body == first.body && again.etag == first.etag, "a repeated read is the same page: \(path)")
                #expect(try await Self.read(server, path, ifNoneMatch: first.etag).status == .notModified, "\(path)")
            }
            let tags = try await Self.tags(server, Self.views(of: post))

            let edited = try await server.send(
                .patch, "/v1/posts/\(post.id)", json: UpdatePostRequest(title: "Edited Title"), token: token)
            #expect(edited.status == .ok)
            for path in Self.views(of: post) where !path.hasSuffix("/comments") {
                let after = try await Self.read(server, path, ifNoneMatch: tags[path] ?? nil)
                #expect(after.status == .ok, "a stale If-None-Match gets the new body: \(path)")
                #expect(after.body.contains("Edited Title") && !after.body.contains("Original Title"), "\(path)")
            }

            let unpublished = try await server.send(
                .patch, "/v1/posts/\(post.id)", json: UpdatePostRequest(status: .draft), token: token)
            #expect(unpublished.status == .ok)
            #expect(try await Self.read(server, "/v1/posts/\(post.slug)").status == .notFound)
            #expect(try await Self.read(server, "/posts/\(post.slug)").status == .notFound)
            #expect(try await !Self.read(server, "/v1/posts").body.contains("Edited Title"))
            #expect(try await !Self.read(server, "/").body.contains("Edited Title"))

            let republished = try await server.send(
                .patch, "/v1/posts/\(post.id)", json: UpdatePostRequest(status: .published), token: token)
            #expect(republished.status == .ok)
            #expect(try await Self.read(server, "/v1/posts/\(post.slug)").status == .ok)
            #expect(try await Self.read(server, "/").body.contains("Edited Title"))

            let fresh = try await server.createPost(
                CreatePostRequest(title: "A Second Post", body: "Text.", status: .published), token: token)
            #expect(try await Self.read(server, "/v1/posts").body.contains(fresh.title))
            #expect(try await Self.read(server, "/").body.contains(fresh.title))

            let deleted = try await server.send(.delete, "/v1/posts/\(post.id)", token: token)
            #expect(deleted.status == .noContent)
            #expect(try await Self.read(server, "/v1/posts/\(post.id)").status == .notFound)
            #expect(try await Self.read(server, "/posts/\(post.slug)").status == .notFound)
            #expect(try await !Self.read(server, "/v1/posts").body.contains("Edited Title"))
            #expect(try await !Self.read(server, "/").body.contains("Edited Title"))
        }
    }

    @Test("comments posted through the API and the form, held, approved and marked spam show at once", arguments: StoreKind.allCases)
    func commentWrites(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (post, token, _) = try await server.authorWithPost()
            let comments = "/v1/posts/\(post.id)/comments"
            let page = "/posts/\(post.slug)"
            let before = try await Self.tags(server, [comments, page, "/v1/posts/\(post.id)"])
            #expect(try await Self.read(server, comments).body.contains("\"items\":[]"))

            let posted = try await server.send(
                .post, comments, json: CreateCommentRequest(authorName: "Ada", authorEmail: "ada@example.com", body: "First words."))
            #expect(posted.status == .created)
            for path in [comments, page] {
                let after = try await Self.read(server, path, ifNoneMatch: before[path] ?? nil)
                #expect(after.status == .ok && after.body.contains("First words."), "\(path)")
            }
            #expect(try await Self.read(server, "/v1/posts/\(post.id)").body.contains("\"commentCount\":1"))

            let links = (1...5).map { "https://site\($0).test" }.joined(separator: " ")
            let held = try await server.send(
                .post, comments, json: CreateCommentRequest(authorName: "Bo", authorEmail: "bo@example.com", body: "See \(links)"))
            #expect(held.status == .accepted)
            let heldId = try held.decode(Comment.self).id
            #expect(try await !Self.read(server, comments).body.contains("site1.test"), "held comments are not shown")
            let approve = try await server.send(
                .patch, "/v1/comments/\(heldId)", json: ModerateCommentRequest(status: .approved), token: token)
            #expect(approve.status == .ok)
            #expect(try await Self.read(server, comments).body.contains("site1.test"), "approval shows at once")
            #expect(try await Self.read(server, page).body.contains("site1.test"))
            let spam = try await server.send(
                .patch, "/v1/comments/\(heldId)", json: ModerateCommentRequest(status: .spam), token: token)
            #expect(spam.status == .ok)
            #expect(try await !Self.read(server, comments).body.contains("site1.test"), "held again at once")
            #expect(try await !Self.read(server, page).body.contains("site1.test"))

            let form = try await server.postForm(page + "/comments", [
                ("body", "Sent from the form."), ("name", "Cy"), ("email", "cy@example.com"), ("website", ""),
                ("nickname", ""), ("token", "00112233445566778899aabbccddeeff"),
            ])
            #expect(form.status == .seeOther)
            #expect(try await Self.read(server, page).body.contains("Sent from the form."))
            #expect(try await Self.read(server, comments).body.contains("Sent from the form."))
        }
    }

    @Test("a signed-in reader's drafts and held comments never reach an anonymous reader", arguments: StoreKind.allCases)
    func userSpecificReadsAreNotCached(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (post, token, _) = try await server.authorWithPost()
            let draft = try await server.createPost(
                CreatePostRequest(title: "Secret Draft", body: "Not yet.", status: .draft), token: token)
            let mine = try await server.send(.get, "/v1/posts/\(draft.id)", token: token)
            #expect(mine.status == .ok && mine.bodyText.contains("Secret Draft"))
            #expect(try await Self.read(server, "/v1/posts/\(draft.id)").status == .notFound)
            let drafts = try await server.send(.get, "/v1/posts?status=draft", token: token)
            #expect(drafts.bodyText.contains("Secret Draft"))
            #expect(try await Self.read(server, "/v1/posts?status=draft").status == .unauthorized)
            let links = (1...5).map { "https://held\($0).test" }.joined(separator: " ")
            let held = try await server.send(
                .post, "/v1/posts/\(post.id)/comments",
                json: CreateCommentRequest(authorName: "Bo", authorEmail: "bo@example.com", body: links))
            #expect(held.status == .accepted)
            let pending = "/v1/posts/\(post.id)/comments?status=pending"
            let authorView = try await server.send(.get, pending, token: token)
            #expect(authorView.status == .ok && authorView.bodyText.contains("held1.test"))
            #expect(authorView.headers[.eTag] != nil, "signed-in reads are still tagged (by hash)")
            #expect(try await Self.read(server, pending).status == .forbidden)
        }
    }

    @Test("a logout refuses the token at once although its owner was cached", arguments: StoreKind.allCases)
    func logoutClearsCachedToken(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, token) = try await server.register("reader")
            #expect(try await server.send(.get, "/v1/me", token: token).status == .ok)
            #expect(try await server.send(.get, "/v1/me", token: token).status == .ok)
            #expect(server.dependencies.tokenCache.count == 1)
            #expect(try await server.send(.delete, "/v1/tokens/current", token: token).status == .noContent)
            #expect(try await server.send(.get, "/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test("two processes over PostgreSQL: a write or logout through one is seen at once through the other")
    func twoProcessesOverPostgres() async throws {
        let database = try await PostgresTestDatabase.makeDatabase()
        let storeA = try await PostgresTestDatabase.makeStore(database)
        let storeB = try await PostgresTestDatabase.makeStore(database)
        try await LiveServer.run(store: storeA) { a in
            try await LiveServer.run(store: storeB) { b in
                let (post, token, _) = try await a.authorWithPost(title: "Shared Title")
                let views = Self.views(of: post)
                let tagsB = try await Self.tags(b, views)
                let tagsA = try await Self.tags(a, views)
                for path in views where !path.hasPrefix("/posts/") {
                    #expect(tagsA[path] == tagsB[path], "both processes tag the same content alike: \(path)")
                }
                let edited = try await a.send(
                    .patch, "/v1/posts/\(post.id)", json: UpdatePostRequest(title: "Changed Through A"), token: token)
                #expect(edited.status == .ok)
                for path in views where !path.hasSuffix("/comments") {
                    let after = try await Self.read(b, path, ifNoneMatch: tagsB[path] ?? nil)
                    #expect(after.status == .ok && after.body.contains("Changed Through A"), "B sees A's edit: \(path)")
                }
                let comment = try await a.send(
                    .post, "/v1/posts/\(post.id)/comments",
                    json: CreateCommentRequest(authorName: "Ada", authorEmail: "ada@example.com", body: "Said through A."))
                #expect(comment.status == .created)
                #expect(try await Self.read(b, "/v1/posts/\(post.id)/comments").body.contains("Said through A."))
                #expect(try await Self.read(b, "/posts/\(post.slug)").body.contains("Said through A."))
                let hide = try await b.send(
                    .patch, "/v1/comments/\(try comment.decode(Comment.self).id)",
                    json: ModerateCommentRequest(status: .spam), token: token)
                #expect(hide.status == .ok)
                #expect(try await !Self.read(a, "/v1/posts/\(post.id)/comments").body.contains("Said through A."))
                #expect(try await !Self.read(a, "/posts/\(post.slug)").body.contains("Said through A."))

                #expect(try await b.send(.get, "/v1/me", token: token).status == .ok)
                #expect(b.dependencies.tokenCache.count == 1, "B cached the token")
                #expect(try await a.send(.delete, "/v1/tokens/current", token: token).status == .noContent)
                #expect(try await b.send(.get, "/v1/me", token: token).status == .unauthorized, "logged out everywhere")

                #expect(try await storeA.deletePost(id: post.id))
                #expect(try await Self.read(b, "/v1/posts/\(post.id)").status == .notFound)
                #expect(try await Self.read(b, "/posts/\(post.slug)").status == .notFound)
            }
        }
    }

    /// The current tag of each path.
    static func tags(_ server: LiveServer, _ paths: [String]) async throws -> [String: String?] {
        var tags: [String: String?] = [:]
        for path in paths { tags[path] = try await read(server, path).etag }
        return tags
    }
}
