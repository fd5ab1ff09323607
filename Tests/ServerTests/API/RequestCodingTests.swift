import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelHTTP

/// The request context's decoder and encoder over real HTTP: every route with a JSON body reads it through
/// `request.decode(as:context:)` and gives the same problems for the same faults; results are written in the
/// Satchel conventions, byte for byte what `SatchelJSON.encoder()` writes, with a strong tag over the bytes.
@Suite("Request decoding and response encoding through the request context")
struct RequestCodingTests {
    /// Each route that takes a JSON body, as a signed-in author sends it (ids filled in by `paths`).
    static func routes(post: Post, comment: Comment, user: User) -> [(HTTPRequest.Method, String)] {
        [(.post, "/v1/accounts"), (.post, "/v1/tokens"), (.post, "/v1/posts"), (.patch, "/v1/posts/\(post.id)"),
         (.post, "/v1/posts/\(post.id)/comments"), (.patch, "/v1/comments/\(comment.id)"),
         (.patch, "/v1/users/\(user.id)")]
    }

    @Test("every JSON route answers the same problem for a broken, empty, mistyped or undeclared body")
    func sameProblemsOnEveryRoute() async throws {
        try await LiveServer.run { server in
            let (admin, author, authorUser) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "Coded", body: "Body"), token: author)
            let created = try await server.send(
                .post, "/v1/posts/\(post.id)/comments",
                json: CreateCommentRequest(authorName: "R", authorEmail: "r@example.com", body: "Hello"))
            let comment = try created.decode(Comment.self)
            for (method, path) in Self.routes(post: post, comment: comment, user: authorUser) {
                let token = path.hasPrefix("/v1/users") ? admin : author
                let broken = try await server.send(method, path, raw: "{not json", token: token)
                #expect(broken.status == .badRequest, "\(method) \(path)")
                let brokenProblem = try broken.problem()
                #expect(brokenProblem.type == "/problems/malformed-body", "\(method) \(path)")
                #expect(brokenProblem.detail == "The body is not valid JSON.", "\(method) \(path)")

                let empty = try await server.send(method, path, raw: "", token: token)
                #expect(try empty.problem().detail == "The request needs a JSON body.", "\(method) \(path)")

                let undeclared = try await server.send(
                    method, path, token: token, headers: [.contentType: "text/plain"])
                #expect(undeclared.status == .unsupportedMediaType, "\(method) \(path)")
                #expect(try undeclared.problem().type == "/problems/unsupported-media-type", "\(method) \(path)")
            }
            let mistyped = try await server.send(.post, "/v1/posts", raw: #"{"title": 42, "body": "b"}"#, token: author)
            let problem = try mistyped.problem()
            #expect(problem.detail == "The field 'title' has the wrong type; expected a string.")
            #expect(problem.errors?.map(\.field) == ["title"])
            let missing = try await server.send(.post, "/v1/tokens", raw: #"{"username": "author"}"#)
            #expect(try missing.problem().detail == "The required field 'password' is missing.")
        }
    }

    @Test("results are Satchel JSON byte for byte, with content type and a tag over the bytes")
    func encodedResults() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "Encoded", body: "Body"), token: author)
            for path in ["/v1/me", "/v1/posts/\(post.id)", "/v1/authors/\(post.author.id)", "/v1/posts/random"] {
                let response = try await server.send(.get, path, token: author)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == "application/json; charset=utf-8", "\(path)")
                let bytes = Data(buffer: response.body)
                #expect(response.headers[.eTag] == EntityTag.of(bytes), "\(path)")
                let value = try SatchelJSON.decoder().decode(JSONValue.self, from: bytes)
                #expect(try SatchelJSON.encoder().encode(value) == bytes, "sorted keys, no escaped slashes: \(path)")
            }
            let read = try await server.send(.get, "/v1/posts/\(post.id)", token: author)
            #expect(try SatchelJSON.encoder().encode(read.decode(Post.self)) == Data(buffer: read.body))
            #expect(read.bodyText.contains(SatchelJSON.string(from: post.createdAt)), "dates with milliseconds")
        }
    }

    @Test("the context's encoder writes what SatchelJSON writes")
    func encoderMatchesSatchelJSON() throws {
        let date = Date(timeIntervalSince1970: 1_800_000_000.1234)
        let user = User(
            id: UUID(), username: "ann", displayName: "Ann / A", email: "ann@example.com", role: .author, createdAt: date)
        let expected = try SatchelJSON.encoder().encode(user)
        #expect(try SatchelResponseEncoder.data(user) == expected)
        let response = EncodedJSON(expected, status: .created).response()
        #expect(response.status == .created && response.headers[.eTag] == EntityTag.of(expected))
        #expect(EncodedJSON(expected, tagged: false).response().headers[.eTag] == nil)
    }
}
