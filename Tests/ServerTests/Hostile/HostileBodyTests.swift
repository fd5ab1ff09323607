import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
import SatchelSync

/// Bodies an attacker sends: numbers that overflow a parser, NUL characters, the wrong media type.
@Suite("Hostile request bodies")
struct HostileBodyTests {
    @Test("a push with a huge exponent is a 400 and the server lives on", arguments: [
        "1e9999999999999999999", "1e9223372036854775808", "1.25e-9223372036854775807", "-9e99999999999999999999999",
    ])
    func hugeExponent(number: String) async throws {
        try await LiveServer.run { server in
            let (_, token) = try await server.register("reader")
            let body = #"{"clientId":"x","mutations":[],"n":\#(number)}"#
            let push = try await server.send(.post, "/v1/sync/push", raw: body, token: token)
            #expect(push.status == .ok || push.status == .badRequest, "\(push.bodyText)")
            let inMutation = #"{"clientId":"x","mutations":[{"id":\#(number)}]}"#
            let bad = try await server.send(.post, "/v1/sync/push", raw: inMutation, token: token)
            #expect(bad.status == .badRequest)
            let post = try await server.send(.post, "/v1/posts", raw: #"{"title":"t","body":"b","x":\#(number)}"#, token: token)
            #expect(post.status.code < 500)
            #expect(try await server.send(.get, "/health").status == .ok)
        }
    }

    @Test("NUL in a post's title or body is a 422 naming the field, and nothing is stored")
    func nulInPost() async throws {
        try await LiveServer.run { server in
            let (admin, _, _) = try await server.adminAndAuthor()
            for (field, request) in [
                ("title", CreatePostRequest(title: "kept\u{0}lost", body: "fine")),
                ("body", CreatePostRequest(title: "fine", body: "kept\u{0}lost")),
            ] {
                let response = try await server.send(.post, "/v1/posts", json: request, token: admin)
                #expect(response.status == .unprocessableContent)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == [field])
                #expect(problem.errors?.first?.message.contains("NUL") == true)
            }
            let list = try await server.send(.get, "/v1/posts")
            #expect(try list.decode(Page<Post>.self).items.isEmpty)

            let post = try await server.createPost(CreatePostRequest(title: "A post", body: "Body."), token: admin)
            let patch = try await server.send(.patch, "/v1/posts/\(post.id)", raw: #"{"body":"kept\u0000lost"}"#, token: admin)
            #expect(patch.status == .unprocessableContent)
            #expect(try await server.send(.get, "/v1/posts/\(post.id)").decode(Post.self).body == "Body.")
        }
    }

    @Test("NUL in a comment's body or name is a 422, which keeps the duplicate check whole")
    func nulInComment() async throws {
        try await LiveServer.run { server in
            let (admin, _, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "A post", body: "Body."), token: admin)
            for (field, comment) in [
                ("body", CreateCommentRequest(authorName: "R", authorEmail: "r@example.com", body: "kept\u{0}lost")),
                ("authorName", CreateCommentRequest(authorName: "R\u{0}X", authorEmail: "r@example.com", body: "Hi")),
                ("authorEmail", CreateCommentRequest(authorName: "R", authorEmail: "r@exa\u{0}mple.com", body: "Hi")),
                ("authorUrl", CreateCommentRequest(
                    authorName: "R", authorEmail: "r@example.com", authorUrl: "https://a.test/\u{0}", body: "Hi")),
            ] {
                let response = try await server.send(.post, "/v1/posts/\(post.id)/comments", json: comment)
                #expect(response.status == .unprocessableContent, "\(field)")
                #expect(try response.problem().errors?.map(\.field) == [field])
            }
            let comments = try await server.send(.get, "/v1/posts/\(post.id)/comments")
            #expect(try comments.decode(Page<Comment>.self).items.isEmpty)
        }
    }

    @Test("NUL in a display name or password refuses the registration; no prefix of it logs in")
    func nulInAccount() async throws {
        try await LiveServer.run { server in
            let name = try await server.send(.post, "/v1/accounts", json: RegisterRequest(
                username: "ada", password: "long enough", email: "a@example.com", displayName: "Ada\u{0}Evil"))
            #expect(name.status == .unprocessableContent)
            #expect(try name.problem().errors?.map(\.field) == ["displayName"])
            let password = try await server.send(.post, "/v1/accounts", json: RegisterRequest(
                username: "ada", password: "ab\u{0}cdefghij", email: "a@example.com"))
            #expect(password.status == .unprocessableContent)
            #expect(try password.problem().errors?.map(\.field) == ["password"])
            let login = try await server.send(.post, "/v1/tokens", json: LoginRequest(username: "ada", password: "ab"))
            #expect(login.status == .unauthorized, "no account was made")
            _ = try await server.register("ada")
            let withNUL = try await server.send(
                .post, "/v1/tokens", json: LoginRequest(username: "ada", password: "correct horse\u{0}anything"))
            #expect(withNUL.status == .unauthorized, "bcrypt stops at NUL; a password with one never matches")
        }
    }

    @Test("NUL in a synced text field rejects the mutation naming the field; other records apply")
    func nulInSync() async throws {
        try await LiveServer.run { server in
            let (_, token) = try await server.register("reader")
            var clock = HybridLogicalClock(node: "laptop")
            let bad = Mutation(
                entity: .draft, recordId: UUID(), op: .create, hlc: clock.now(physicalMillis: 1_000),
                fields: ["kind": FieldChange(base: nil, value: .string("post")),
                         "body": FieldChange(base: nil, value: .string("kept\u{0}lost"))])
            let good = Mutation(
                entity: .draft, recordId: UUID(), op: .create, hlc: clock.now(physicalMillis: 1_001),
                fields: ["kind": FieldChange(base: nil, value: .string("post")),
                         "body": FieldChange(base: nil, value: .string("whole"))])
            let response = try await server.send(
                .post, "/v1/sync/push", raw: String(decoding: PushRequest(clientId: "laptop", mutations: [bad, good]).encodedData(), as: UTF8.self),
                token: token)
            #expect(response.status == .ok)
            let results = try PushResponse.decode(Data(buffer: response.body)).results
            #expect(results.map(\.status) == [.rejected, .applied])
            #expect(results.first?.reason?.contains("'body'") == true)
            #expect(results.first?.reason?.contains("NUL") == true)
        }
    }

    @Test("a percent-encoded NUL in the path or query is a 400", arguments: [
        "/v1/posts/abc%00def", "/v1/posts?tag=a%00b", "/v1/posts?q=x%00", "/v1/authors/%00",
    ])
    func nulInTarget(path: String) async throws {
        try await LiveServer.run(kind: .postgres) { server in
            let response = try await server.send(.get, path)
            #expect(response.status == .badRequest)
            #expect(try response.problem().detail.contains("NUL"))
        }
    }

    @Test("a body that is not application/json is a 415 and creates nothing", arguments: [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", nil,
    ])
    func wrongContentType(type: String?) async throws {
        try await LiveServer.run { server in
            let (admin, _, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "A post", body: "Body."), token: admin)
            let body = ByteBuffer(string: #"{"authorName":"R","authorEmail":"r@example.com","body":"Hello"}"#)
            var headers: HTTPFields = [:]
            if let type { headers[.contentType] = type }
            let response = try await server.client.executeRequest(
                uri: "/v1/posts/\(post.id)/comments", method: .post, headers: headers, body: body)
            #expect(response.status == .unsupportedMediaType)
            #expect(try response.problem().type == "/problems/unsupported-media-type")
            let comments = try await server.send(.get, "/v1/posts/\(post.id)/comments")
            #expect(try comments.decode(Page<Comment>.self).items.isEmpty)
            var postHeaders = headers
            postHeaders[.authorization] = "Bearer \(admin)"
            let newPost = try await server.client.executeRequest(
                uri: "/v1/posts", method: .post, headers: postHeaders, body: ByteBuffer(string: #"{"title":"t","body":"b"}"#))
            #expect(newPost.status == .unsupportedMediaType)
            let push = try await server.client.executeRequest(
                uri: "/v1/sync/push", method: .post, headers: postHeaders,
                body: ByteBuffer(string: #"{"clientId":"x","mutations":[]}"#))
            #expect(push.status == .unsupportedMediaType)
        }
    }

    @Test("JSON with parameters or a +json subtype is accepted")
    func jsonVariants() async throws {
        try await LiveServer.run { server in
            let (admin, _, _) = try await server.adminAndAuthor()
            for type in ["application/json; charset=utf-8", "Application/JSON", "application/merge-patch+json"] {
                let response = try await server.client.executeRequest(
                    uri: "/v1/posts", method: .post, headers: [.contentType: type, .authorization: "Bearer \(admin)"],
                    body: ByteBuffer(string: #"{"title":"Typed \#(type.count)","body":"b"}"#))
                #expect(response.status == .created, "\(type)")
            }
        }
    }

    @Test("a search of punctuation alone pages through its own cursors")
    func punctuationSearchPaging() async throws {
        try await LiveServer.run { server in
            let (admin, _, _) = try await server.adminAndAuthor()
            for index in 1...3 {
                _ = try await server.createPost(CreatePostRequest(title: "Post \(index)", body: "Body."), token: admin)
            }
            for query in ["-", "%22", "%2A%2A", "'", "-%20-"] {
                var seen: [String] = []
                var path = "/v1/posts?q=\(query)&limit=1"
                while true {
                    let response = try await server.send(.get, path)
                    #expect(response.status == .ok, "\(path): \(response.bodyText)")
                    let page = try response.decode(Page<Post>.self)
                    seen += page.items.map(\.title)
                    guard let next = page.nextCursor else { break }
                    path = "/v1/posts?q=\(query)&limit=1&cursor=\(next)"
                }
                #expect(seen.sorted() == ["Post 1", "Post 2", "Post 3"], "q=\(query)")
            }
        }
    }
}
