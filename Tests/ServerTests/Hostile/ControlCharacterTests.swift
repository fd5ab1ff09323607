import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Hummingbird
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// XML 1.0 forbids the C0 control characters other than tab, line feed and carriage return: one post
/// holding one would break every Atom feed for every subscriber. Input refuses them (422 naming the
/// field, as NUL is refused); the feeds drop any that older rows still hold.
@Suite("Control characters")
struct ControlCharacterTests {
    /// Every C0 control character XML 1.0 forbids, NUL aside (refused already, with its own message).
    static let forbidden: [Unicode.Scalar] = (1...0x1F).compactMap { value in
        [0x09, 0x0A, 0x0D].contains(value) ? nil : Unicode.Scalar(UInt8(value))
    }

    @Test("posts refuse each forbidden control character in title, body, excerpt and tags with a 422 naming the field")
    func postsRefuse() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            for scalar in Self.forbidden {
                let bad = "Before\(Character(scalar))after"
                let cases: [(String, CreatePostRequest)] = [
                    ("title", CreatePostRequest(title: bad, body: "Body.")),
                    ("body", CreatePostRequest(title: "Title", body: bad)),
                    ("excerpt", CreatePostRequest(title: "Title", body: "Body.", excerpt: bad)),
                    ("tags", CreatePostRequest(title: "Title", body: "Body.", tags: ["ok", "bad\(Character(scalar))tag"])),
                ]
                for (field, request) in cases {
                    let response = try await server.send(.post, "/v1/posts", json: request, token: author)
                    #expect(response.status == .unprocessableContent, "U+\(String(scalar.value, radix: 16)) in \(field)")
                    let problem = try response.problem()
                    #expect(problem.errors?.map(\.field) == [field])
                    #expect(problem.errors?.first?.message.contains("control characters") == true)
                }
            }
            #expect(try await server.dependencies.posts.listPosts(PostQuery()).posts.isEmpty, "nothing was stored")
        }
    }

    @Test("comments and accounts refuse them too: author name, body, display name")
    func commentsAndAccountsRefuse() async throws {
        try await LiveServer.run { server in
            let (post, _, _) = try await server.authorWithPost()
            for scalar in Self.forbidden {
                let bad = "Ada\(Character(scalar))Reader"
                let name = try await server.send(
                    .post, "/v1/posts/\(post.id)/comments",
                    json: CreateCommentRequest(authorName: bad, authorEmail: "r@example.com", body: "Hello."))
                #expect(name.status == .unprocessableContent)
                #expect(try name.problem().errors?.map(\.field) == ["authorName"])
                let body = try await server.send(
                    .post, "/v1/posts/\(post.id)/comments",
                    json: CreateCommentRequest(authorName: "Ada", authorEmail: "r@example.com", body: bad))
                #expect(body.status == .unprocessableContent)
                #expect(try body.problem().errors?.map(\.field) == ["body"])
                let account = try await server.send(
                    .post, "/v1/accounts",
                    json: RegisterRequest(username: "someone", password: "correct horse", email: "s@example.com", displayName: bad))
                #expect(account.status == .unprocessableContent)
                #expect(try account.problem().errors?.map(\.field) == ["displayName"])
            }
            #expect(try await server.storedComments(on: post).isEmpty)
        }
    }

    @Test("every feed parses with a strict XML parser even when stored rows hold each control character")
    func feedsParse() async throws {
        try await LiveServer.run { server in
            let (post, _, author) = try await server.authorWithPost(tags: ["essays"])
            // Rows written before input refused them: straight into the store, past the API's checks.
            var stored = try #require(try await server.dependencies.posts.post(id: post.id))
            let every = String(String.UnicodeScalarView(Self.forbidden))
            stored.title = "Title \(every) end"
            stored.body = "Body \(every) end"
            stored.excerpt = "Excerpt \(every) end"
            _ = try await server.dependencies.posts.updatePost(stored, expectedVersion: stored.version)
            for path in ["/feed.atom", "/tags/essays/feed.atom", "/authors/\(author.username)/feed.atom"] {
                let response = try await server.send(.get, path)
                #expect(response.status == .ok)
                let xml = Data(buffer: response.body)
                let parser = XMLParser(data: xml)
                #expect(parser.parse(), "\(path): \(parser.parserError.map(String.init(describing:)) ?? "")")
                #expect(String(decoding: xml, as: UTF8.self).contains("Title  end"), "\(path) keeps the rest of the title")
            }
        }
    }
}
