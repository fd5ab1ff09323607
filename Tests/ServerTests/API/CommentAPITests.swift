import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelHTTP

@Suite("Comments over HTTP")
struct CommentAPITests {
    static let email = "secret.reader@example.com"

    func anonymous(_ body: String, parentId: UUID? = nil, nickname: String? = nil) -> CreateCommentRequest {
        CreateCommentRequest(
            authorName: "Reader", authorEmail: Self.email, body: body, parentId: parentId, nickname: nickname)
    }

    @Test("an anonymous comment is published (201) and its email appears nowhere public")
    func publishWithoutEmail() async throws {
        try await LiveServer.run { server in
            let (admin, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "P", body: "b"), token: author)
            let created = try await server.send(.post, "/v1/posts/\(post.id)/comments", json: anonymous("First!"))
            #expect(created.status == .created)
            #expect(!created.bodyText.contains(Self.email))
            let comment = try created.decode(Comment.self)
            #expect(comment.emailHash == CommentPublisher.emailHash(Self.email))
            #expect(comment.authorEmail == nil)
            let reply = try await server.send(
                .post, "/v1/posts/\(post.id)/comments", json: anonymous("Reply", parentId: comment.id), token: author)
            #expect(reply.status == .created)
            #expect(try reply.decode(Comment.self).authorName == "author", "signed-in comments use the profile")

            for token in [nil, author] {
                let list = try await server.send(.get, "/v1/posts/\(post.id)/comments", token: token)
                #expect(!list.bodyText.contains(Self.email))
                #expect(!list.bodyText.contains("author@example.com"))
                let page = try list.decode(Page<Comment>.self)
                #expect(page.items.map(\.body) == ["First!", "Reply"])
                #expect(page.items[1].parentId == comment.id)
            }
            let asAdmin = try await server.send(.get, "/v1/posts/\(post.id)/comments", token: admin)
            #expect(asAdmin.bodyText.contains(Self.email), "admins see the email")
            #expect(try await server.send(.get, "/v1/posts/\(post.id)").decode(Post.self).commentCount == 2)
        }
    }

    @Test("missing or malformed name and email are field errors that name the field")
    func validation() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "P", body: "b"), token: author)
            let missing = try await server.send(.post, "/v1/posts/\(post.id)/comments", json: CreateCommentRequest(body: "hi"))
            #expect(missing.status == .unprocessableContent)
            #expect(Set(try missing.problem().errors?.map(\.field) ?? []) == ["authorName", "authorEmail"])
            let malformed = try await server.send(
                .post, "/v1/posts/\(post.id)/comments",
                json: CreateCommentRequest(authorName: "R", authorEmail: "r@", authorUrl: "javascript:alert(1)", body: ""))
            #expect(Set(try malformed.problem().errors?.map(\.field) ?? []) == ["authorEmail", "authorUrl", "body"])
            let badParent = try await server.send(.post, "/v1/posts/\(post.id)/comments", json: anonymous("x", parentId: UUID()))
            #expect(try badParent.problem().errors?.map(\.field) == ["parentId"])
            let page = try await server.send(.get, "/v1/posts/\(post.id)/comments").decode(Page<Comment>.self)
            #expect(page.items.isEmpty, "nothing was stored")
        }
    }

    @Test("spam signals hold the comment (202) until a moderator approves it")
    func moderation() async throws {
        try await LiveServer.run { server in
            let (admin, author, _) = try await server.adminAndAuthor()
            let (_, reader) = try await server.register("reader")
            let post = try await server.createPost(CreatePostRequest(title: "P", body: "b"), token: author)
            let path = "/v1/posts/\(post.id)/comments"
            let honeypot = try await server.send(.post, path, json: anonymous("Great post", nickname: "bot"))
            #expect(honeypot.status == .accepted)
            #expect(try honeypot.decode(Comment.self).status == .spam)
            let links = try await server.send(.post, path, json: anonymous("see http://a.test http://b.test https://c.test"))
            #expect(links.status == .accepted)
            let blocked = try await server.send(.post, path, json: anonymous("cheap viagra here"))
            #expect(try blocked.decode(Comment.self).status == .pending)
            #expect(try await server.send(.post, path, json: anonymous("Same text")).status == .created)
            let duplicate = try await server.send(.post, path, json: anonymous("Same text"))
            #expect(duplicate.status == .accepted)
            let held = try duplicate.decode(Comment.self)

            #expect(try await server.send(.get, path).decode(Page<Comment>.self).items.count == 1)
            #expect(try await server.send(.get, "\(path)?status=pending", token: reader).status == .forbidden)
            let queue = try await server.send(.get, "\(path)?status=pending", token: author).decode(Page<Comment>.self)
            #expect(queue.items.count == 3)
            let denied = try await server.send(
                .patch, "/v1/comments/\(held.id)", json: ModerateCommentRequest(status: .approved), token: reader)
            #expect(denied.status == .forbidden)
            let approved = try await server.send(
                .patch, "/v1/comments/\(held.id)", json: ModerateCommentRequest(status: .approved), token: author)
            #expect(try approved.decode(Comment.self).status == .approved)
            let trashed = try await server.send(
                .patch, "/v1/comments/\(held.id)", json: ModerateCommentRequest(status: .trash), token: admin)
            #expect(try trashed.decode(Comment.self).status == .trash)
            #expect(try await server.send(
                .patch, "/v1/comments/\(UUID())", json: ModerateCommentRequest(status: .spam), token: admin).status == .notFound)
            let badStatus = try await server.send(.patch, "/v1/comments/\(held.id)", raw: #"{"status":"deleted"}"#, token: admin)
            #expect(badStatus.status == .badRequest)
        }
    }

    @Test("a new comment's Location shows it; a held comment only to its writer, the post's author and admins")
    func showComment() async throws {
        try await LiveServer.run { server in
            let (admin, author, _) = try await server.adminAndAuthor()
            let (_, writer) = try await server.register("writer")
            let (_, stranger) = try await server.register("stranger")
            let post = try await server.createPost(CreatePostRequest(title: "P", body: "b"), token: author)
            let path = "/v1/posts/\(post.id)/comments"

            let published = try await server.send(.post, path, json: anonymous("Lovely."))
            let publicLocation = try #require(published.headers[.location])
            let shown = try await server.send(.get, publicLocation)
            #expect(shown.status == .ok)
            #expect(try shown.decode(Comment.self).body == "Lovely.")
            #expect(!shown.bodyText.contains(Self.email))

            let held = try await server.send(.post, path, json: CreateCommentRequest(body: "cheap viagra here"), token: writer)
            #expect(held.status == .accepted)
            let location = try #require(held.headers[.location])
            for token in [writer, author] {
                let visible = try await server.send(.get, location, token: token)
                #expect(visible.status == .ok)
                #expect(try visible.decode(Comment.self).status == .pending)
                #expect(!visible.bodyText.contains("writer@example.com"))
            }
            #expect(try await server.send(.get, location, token: admin).bodyText.contains("writer@example.com"))
            #expect(try await server.send(.get, location).status == .notFound)
            #expect(try await server.send(.get, location, token: stranger).status == .notFound)
            #expect(try await server.send(.get, "/v1/comments/\(UUID())").status == .notFound)
            #expect(try await server.send(.get, "/v1/comments/not-an-id").status == .badRequest)
        }
    }

    @Test("closed posts refuse comments with 403; missing posts give 404")
    func closed() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(
                CreatePostRequest(title: "P", body: "b", commentStatus: .closed), token: author)
            let refused = try await server.send(.post, "/v1/posts/\(post.id)/comments", json: anonymous("hi"))
            #expect(refused.status == .forbidden)
            #expect(try refused.problem().detail.contains("closed"))
            #expect(try await server.send(.post, "/v1/posts/\(UUID())/comments", json: anonymous("hi")).status == .notFound)
        }
    }

    @Test("too many comments from one client get 429 with Retry-After; replays of an Idempotency-Key do not count")
    func rateLimit() async throws {
        try await LiveServer.run(rateLimiter: RateLimiter(capacity: 2, per: 60)) { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "P", body: "b"), token: author)
            let path = "/v1/posts/\(post.id)/comments"
            let key: HTTPFields = [IdempotentPOST.keyHeader: "comment-1"]
            for _ in 0..<3 {
                #expect(try await server.send(.post, path, json: anonymous("one"), headers: key).status == .created)
            }
            #expect(try await server.send(.post, path, json: anonymous("two")).status == .created)
            let limited = try await server.send(.post, path, json: anonymous("three"))
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(try await server.send(.get, path).decode(Page<Comment>.self).items.count == 2)
        }
    }

    @Test("Idempotency-Key returns the first response again and creates one comment")
    func idempotency() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "P", body: "b"), token: author)
            let path = "/v1/posts/\(post.id)/comments"
            let key: HTTPFields = [IdempotentPOST.keyHeader: "comment-42"]
            let first = try await server.send(.post, path, json: anonymous("Once only"), headers: key)
            let second = try await server.send(.post, path, json: anonymous("Once only"), headers: key)
            #expect(first.status == .created && second.status == .created)
            #expect(try first.decode(Comment.self).id == second.decode(Comment.self).id)
            #expect(try await server.send(.get, path).decode(Page<Comment>.self).items.count == 1)
        }
    }
}
