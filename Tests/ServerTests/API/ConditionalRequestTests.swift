import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelHTTP

/// ``ConditionalRequestMiddleware``: the one place a tagged 200 becomes a 304, for hashed tags (signed-in
/// reads, pages, feeds) and version tags (cached public reads) alike.
@Suite("Conditional requests")
struct ConditionalRequestTests {
    @Test("If-None-Match names the tag, a list of tags, a weak form of it or *; anything else is modified")
    func ifNoneMatch() {
        let response: HTTPFields = [.eTag: "\"abc\"", .lastModified: "Tue, 01 Dec 2026 19:40:33 GMT"]
        for condition in ["\"abc\"", "\"x\", \"abc\"", "W/\"abc\"", "*"] {
            #expect(ConditionalRequestMiddleware<SatchelRequestContext>.isNotModified(
                request: [.ifNoneMatch: condition], response: response), "\(condition)")
        }
        for condition in ["\"abd\"", "abc", ""] {
            #expect(!ConditionalRequestMiddleware<SatchelRequestContext>.isNotModified(
                request: [.ifNoneMatch: condition], response: response), "\(condition)")
        }
        #expect(!ConditionalRequestMiddleware<SatchelRequestContext>.isNotModified(
            request: [.ifNoneMatch: "*"], response: [:]), "nothing tagged, nothing to match")
    }

    @Test("If-Modified-Since counts only without If-None-Match, against Last-Modified")
    func ifModifiedSince() {
        typealias Middleware = ConditionalRequestMiddleware<SatchelRequestContext>
        let response: HTTPFields = [.eTag: "\"abc\"", .lastModified: "Tue, 01 Dec 2026 19:40:33 GMT"]
        #expect(Middleware.isNotModified(request: [.ifModifiedSince: "Tue, 01 Dec 2026 19:40:33 GMT"], response: response))
        #expect(Middleware.isNotModified(request: [.ifModifiedSince: "Wed, 02 Dec 2026 08:00:00 GMT"], response: response))
        #expect(!Middleware.isNotModified(request: [.ifModifiedSince: "Tue, 01 Dec 2026 19:40:32 GMT"], response: response))
        #expect(!Middleware.isNotModified(request: [.ifModifiedSince: "not a date"], response: response))
        #expect(!Middleware.isNotModified(
            request: [.ifModifiedSince: "Wed, 02 Dec 2026 08:00:00 GMT"], response: [.eTag: "\"abc\""]))
        #expect(!Middleware.isNotModified(
            request: [.ifNoneMatch: "\"other\"", .ifModifiedSince: "Wed, 02 Dec 2026 08:00:00 GMT"], response: response),
            "If-None-Match wins (RFC 9110 §13.1.3)")
    }

    @Test("a signed-in read, a page and the API document get 304 with the validators and no body")
    func notModifiedOverHTTP() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "Tagged", body: "Body"), token: author)
            for (path, token) in [("/v1/me", author), ("/v1/posts/\(post.id)", author), ("/v1/posts/\(post.id)", nil),
                                  ("/openapi.json", nil), ("/health", nil)] as [(String, String?)] {
                let first = try await server.send(.get, path, token: token)
                let tag = try #require(first.headers[.eTag], "\(path)")
                let again = try await server.send(.get, path, token: token, headers: [.ifNoneMatch: tag])
                #expect(again.status == .notModified && again.body.readableBytes == 0, "\(path)")
                #expect(again.headers[.eTag] == tag, "\(path)")
                #expect(again.headers[.contentType] == nil, "a 304 keeps the validators, not the content's headers")
            }
            let page = try await server.send(.get, "/posts/\(post.slug)")
            let pageTag = try #require(page.headers[.eTag])
            let pageAgain = try await server.send(.get, "/posts/\(post.slug)", headers: [.ifNoneMatch: pageTag])
            #expect(pageAgain.status == .notModified)
            #expect(pageAgain.headers[.cacheControl] == WebResponse.pageCacheControl)
        }
    }

    @Test("a write or a failed read is never a 304, whatever its conditions")
    func onlyReadsOfA200() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let created = try await server.send(
                .post, "/v1/posts", json: CreatePostRequest(title: "Fresh", body: "Body"), token: author,
                headers: [.ifNoneMatch: "*"])
            #expect(created.status == .created)
            let post = try created.decode(Post.self)
            let edited = try await server.send(
                .patch, "/v1/posts/\(post.id)", json: UpdatePostRequest(title: "Edited"), token: author,
                headers: [.ifNoneMatch: "*"])
            #expect(edited.status == .ok && edited.body.readableBytes > 0)
            let missing = try await server.send(.get, "/v1/comments/\(UUID())", headers: [.ifNoneMatch: "*"])
            #expect(missing.status == .notFound)
        }
    }
}
