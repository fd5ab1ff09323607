import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelHTTP

@Suite("Errors over HTTP are problem+json, never 500, and store nothing")
struct ErrorAPITests {
    @Test("malformed JSON, wrong types, missing fields")
    func malformedBodies() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let cases: [(String, String?)] = [
                ("{not json", nil),
                (#"{"title": 42, "body": "b"}"#, "title"),
                (#"{"title": "t"}"#, "body"),
                (#"{"title": "t", "body": "b", "status": "maybe"}"#, "status"),
                (#"["an", "array"]"#, nil),
                ("", nil),
            ]
            for (body, field) in cases {
                let response = try await server.send(.post, "/v1/posts", raw: body, token: author)
                #expect(response.status == .badRequest, "\(body)")
                let problem = try response.problem()
                #expect(problem.status == 400)
                #expect(!problem.detail.isEmpty)
                if let field { #expect(problem.errors?.first?.field == field, "\(body)") }
            }
            #expect(try await server.send(.get, "/v1/posts").decode(Page<Post>.self).items.isEmpty)
        }
    }

    @Test("unknown routes, invalid ids, absurd limits and bad cursors")
    func badRequests() async throws {
        try await LiveServer.run { server in
            let notFound = try await server.send(.get, "/v1/nothing-here")
            #expect(notFound.status == .notFound)
            #expect(try notFound.problem().detail.contains("/openapi.json"))
            let badId = try await server.send(.get, "/v1/authors/not-a-uuid")
            #expect(badId.status == .badRequest)
            #expect(try badId.problem().errors?.first?.field == "id")
            for limit in ["0", "101", "-5", "abc", "99999999999999999999"] {
                let response = try await server.send(.get, "/v1/posts?limit=\(limit)")
                #expect(response.status == .badRequest, "limit=\(limit)")
                #expect(try response.problem().errors?.first?.field == "limit")
            }
            #expect(try await server.send(.get, "/v1/posts?cursor=garbage!").status == .badRequest)
            #expect(try await server.send(.get, "/v1/posts?author=nope").status == .badRequest)
            #expect(try await server.send(.patch, "/v1/comments/xyz", raw: "{}").status == .unauthorized)
        }
    }

    @Test("a query parameter an API route does not take is a 400 naming it; a web page ignores it")
    func unknownQueryParameters() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "Open", body: "b", status: .published), token: author)
            let odd = "%0A%F0%91%A5%BA%C3%8D"
            for (path, token) in [
                ("/v1/posts?limt=5", nil), ("/v1/posts/\(post.id)/comments?limit=5&sort=new", nil),
                ("/v1/sync/pull?limit=5&\(odd)=null", author), ("/v1/posts?\(odd)=1", nil),
            ] as [(String, String?)] {
                let response = try await server.send(.get, path, token: token)
                #expect(response.status == .badRequest, "\(path)")
                let field = try response.problem().errors?.first?.field
                #expect(field != nil && !["limit", "cursor", "status", "wait"].contains(field!), "\(path): \(field ?? "none")")
            }
            #expect(try await server.send(.get, "/v1/posts?limit=5").status == .ok, "a known parameter still works")
            #expect(try await server.send(.get, "/?utm_source=feed").status == .ok, "pages ignore tracking parameters")
        }
    }

    @Test("a known path with a method it does not take is a 405 naming the methods it does take")
    func methodNotAllowed() async throws {
        try await LiveServer.run { server in
            let comment = try await server.send(.delete, "/v1/comments/\(UUID())")
            #expect(comment.status == .methodNotAllowed)
            #expect(comment.headers[.allow] == "GET, HEAD, PATCH")
            #expect(comment.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let push = try await server.send(.put, "/v1/sync/push", raw: "{}")
            #expect(push.status == .methodNotAllowed && push.headers[.allow] == "POST")
            let unknown = try await server.send(.delete, "/v1/nothing-here/\(UUID())")
            #expect(unknown.status == .notFound && unknown.headers[.allow] == nil)
        }
    }

    @Test("a literal path offers only its own methods, not those of a {parameter} path beside it")
    func literalPathAllowsItsOwnMethods() async throws {
        try await LiveServer.run { server in
            for method in [HTTPRequest.Method.options, .delete, .patch] {
                let random = try await server.send(method, "/v1/posts/random")
                #expect(random.status == .methodNotAllowed && random.headers[.allow] == "GET, HEAD")
            }
            let byId = try await server.send(.options, "/v1/posts/\(UUID())")
            #expect(byId.status == .methodNotAllowed && byId.headers[.allow] == "DELETE, GET, HEAD, PATCH")
        }
    }

    @Test("bodies over their limit get 413: 1 MiB, and 4 MiB to write a post")
    func oversized() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "Open", body: "b"), token: author)
            let comment = #"{"authorName": "a", "authorEmail": "a@example.com", "body": ""#
                + String(repeating: "a", count: RequestLimits.maxBodyBytes + 10) + #""}"#
            let refusedComment = try await server.send(.post, "/v1/posts/\(post.id)/comments", raw: comment)
            #expect(refusedComment.status == .contentTooLarge)
            #expect(try refusedComment.problem().detail.contains("\(RequestLimits.maxBodyBytes)"))
            let huge = #"{"title": "t", "body": ""#
                + String(repeating: "a", count: RequestLimits.maxPostBodyBytes + 10) + #""}"#
            for (method, path) in [(HTTPRequest.Method.post, "/v1/posts"), (.patch, "/v1/posts/\(post.id)")] {
                let response = try await server.send(method, path, raw: huge, token: author)
                #expect(response.status == .contentTooLarge, "\(method) \(path)")
                #expect(try response.problem().detail.contains("\(RequestLimits.maxPostBodyBytes)"))
            }
            let stored = try await server.send(.get, "/v1/posts").decode(Page<Post>.self).items
            #expect(stored.map(\.body) == ["b"])
            #expect(stored.map(\.commentCount) == [0])
        }
    }

    @Test("a post at its length limits fits its body limit even when every character is sent \\u-escaped")
    func escapedPostAtItsLimits() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let emoji = #"\uD83D\uDE00"#  // one code point, 12 bytes of JSON
            let create = #"{"title": ""# + String(repeating: emoji, count: 300) + #"", "body": ""#
                + String(repeating: emoji, count: 200_000) + #""}"#
            #expect(create.utf8.count > 2 * RequestLimits.maxBodyBytes)
            let created = try await server.send(.post, "/v1/posts", raw: create, token: author)
            #expect(created.status == .created, "\(created.bodyText.prefix(300))")
            let post = try created.decode(Post.self)
            #expect(post.title == String(repeating: "😀", count: 300))
            #expect(post.body == String(repeating: "😀", count: 200_000))

            let update = #"{"body": ""# + String(repeating: #"\u00E9"#, count: 200_000) + #""}"#
            let updated = try await server.send(.patch, "/v1/posts/\(post.id)", raw: update, token: author)
            #expect(updated.status == .ok, "\(updated.bodyText.prefix(300))")
            #expect(try updated.decode(Post.self).body == String(repeating: "é", count: 200_000))

            let onePast = #"{"body": ""# + String(repeating: emoji, count: 200_001) + #""}"#
            let refused = try await server.send(.patch, "/v1/posts/\(post.id)", raw: onePast, token: author)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.problem().errors?.map(\.field) == ["body"])
            let stored = try await server.send(.get, "/v1/posts/\(post.id)").decode(Post.self)
            #expect(stored.body == String(repeating: "é", count: 200_000))
        }
    }

    @Test("a second user's token sees nothing of the first user's")
    func isolation() async throws {
        try await LiveServer.run { server in
            let (admin, author, authorUser) = try await server.adminAndAuthor()
            let (_, stranger) = try await server.register("stranger", role: .author, adminToken: admin)
            let draft = try await server.createPost(CreatePostRequest(title: "Private", body: "p", status: .draft), token: author)
            let me = try await server.send(.get, "/v1/me", token: stranger)
            #expect(!me.bodyText.contains(authorUser.email))
            #expect(try await server.send(.get, "/v1/posts/\(draft.id)", token: stranger).status == .notFound)
            let list = try await server.send(.get, "/v1/posts?status=draft", token: stranger)
            #expect(!list.bodyText.contains("Private"))
            let search = try await server.send(.get, "/v1/posts?q=private", token: stranger)
            #expect(try search.decode(Page<Post>.self).items.isEmpty)
            let profile = try await server.send(.get, "/v1/authors/\(authorUser.id)", token: stranger)
            #expect(!profile.bodyText.contains("@example.com"))
        }
    }
}
