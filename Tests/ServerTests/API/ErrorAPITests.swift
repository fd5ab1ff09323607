import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

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
            #expect(comment.headers[.allow] == "GET, PATCH")
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
                #expect(random.status == .methodNotAllowed && random.headers[.allow] == "GET")
            }
            let byId = try await server.send(.options, "/v1/posts/\(UUID())")
            #expect(byId.status == .methodNotAllowed && byId.headers[.allow] == "DELETE, GET, PATCH")
        }
    }

    @Test("bodies over 1 MiB get 413")
    func oversized() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let huge = #"{"title": "t", "body": ""# + String(repeating: "a", count: RequestLimits.maxBodyBytes + 10) + #""}"#
            let response = try await server.send(.post, "/v1/posts", raw: huge, token: author)
            #expect(response.status == .contentTooLarge)
            #expect(try response.problem().detail.contains("\(RequestLimits.maxBodyBytes)"))
            #expect(try await server.send(.get, "/v1/posts").decode(Page<Post>.self).items.isEmpty)
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
