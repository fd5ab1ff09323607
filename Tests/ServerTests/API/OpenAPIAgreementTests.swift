import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

/// `/openapi.json` says what the server does (issue 31, item 10): each test pins one place where
/// schemathesis found the document and the server disagreeing.
@Suite("OpenAPI document agrees with the server")
struct OpenAPIAgreementTests {
    /// The served document as JSON objects.
    static func document() throws -> [String: Any] {
        let data = try #require(OpenAPIDocument.data)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The object at `path` (keys, from the document's root), following a `$ref` at the end.
    static func object(_ path: [String], in document: [String: Any]) throws -> [String: Any] {
        var current: Any = document
        for key in path {
            current = try #require((current as? [String: Any])?[key], "\(path) at \(key)")
        }
        var object = try #require(current as? [String: Any], "\(path)")
        if let reference = object["$ref"] as? String {
            let keys = reference.dropFirst(2).split(separator: "/").map(String.init)
            object = try Self.object(keys, in: document)
        }
        return object
    }

    @Test("an empty ?cursor= is the first page of every list, as the document says")
    func emptyCursorIsFirstPage() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "Paged", body: "Body"), token: author)
            let comment = CreateCommentRequest(authorName: "R", authorEmail: "r@example.com", body: "First")
            #expect(try await server.send(.post, "/v1/posts/\(post.id)/comments", json: comment).status == .created)
            for path in ["/v1/posts", "/v1/posts/\(post.id)/comments"] {
                let plain = try await server.send(.get, "\(path)?limit=5")
                let empty = try await server.send(.get, "\(path)?limit=5&cursor=")
                #expect(empty.status == .ok, "\(path): \(empty.bodyText)")
                #expect(empty.bodyText == plain.bodyText, "\(path)")
            }
            #expect(try await server.send(.get, "/v1/posts?cursor=garbage").status == .badRequest)
            let (_, reader) = try await server.register("reader")
            let pull = try await server.send(.get, "/v1/sync/pull", token: reader)
            let emptyPull = try await server.send(.get, "/v1/sync/pull?cursor=", token: reader)
            #expect(emptyPull.status == .ok && emptyPull.bodyText == pull.bodyText, "an empty sync cursor starts over")
            let cursor = try Self.object(["components", "parameters", "Cursor"], in: Self.document())
            #expect((cursor["description"] as? String)?.contains("empty value is the same as none") == true)
        }
    }

    @Test("the limits that answer 429 and 503 are documented, each with Retry-After")
    func limitsAreDocumented() throws {
        let document = try Self.document()
        let expected: [(path: String, method: String, statuses: [String])] = [
            ("/v1/accounts", "post", ["429", "503"]), ("/v1/tokens", "post", ["429", "503"]),
            ("/v1/sync/pull", "get", ["429", "503"]), ("/v1/sync/events", "get", ["400", "429", "503"]),
        ]
        for (path, method, statuses) in expected {
            for status in statuses {
                let response = try Self.object(["paths", path, method, "responses", status], in: document)
                let content = try #require(response["content"] as? [String: Any], "\(method) \(path) \(status)")
                #expect(content.keys.contains(Problem.mediaType), "\(method) \(path) \(status)")
                if status != "400" {
                    let headers = response["headers"] as? [String: Any]
                    #expect(headers?["Retry-After"] != nil, "\(method) \(path) \(status) names Retry-After")
                }
            }
        }
        let types = try Self.object(["components", "schemas", "Problem", "properties", "type"], in: document)
        for type in ["/problems/busy", "/problems/live-sync-full", "/problems/rate-limited"] {
            #expect((types["description"] as? String)?.contains(type) == true, "\(type)")
        }
    }

    @Test("text fields carry a pattern that refuses exactly the characters the server refuses")
    func controlCharacterPattern() throws {
        let document = try Self.document()
        let fields: [(schema: String, property: String)] = [
            ("CreatePostRequest", "title"), ("CreatePostRequest", "body"), ("CreatePostRequest", "excerpt"),
            ("UpdatePostRequest", "title"), ("UpdatePostRequest", "body"), ("UpdatePostRequest", "excerpt"),
            ("CreateCommentRequest", "authorName"), ("CreateCommentRequest", "body"),
            ("RegisterRequest", "displayName"), ("PushRequest", "clientId"),
        ]
        var scalars = (0...0x7F).compactMap(Unicode.Scalar.init)
        scalars += [0x85, 0x2028, 0xFFFD, 0xFFFE, 0xFFFF, 0x1F600].compactMap(Unicode.Scalar.init)
        for (schema, property) in fields {
            let field = try Self.object(["components", "schemas", schema, "properties", property], in: document)
            let pattern = try #require(field["pattern"] as? String, "\(schema).\(property) has a pattern")
            let regex = try NSRegularExpression(pattern: pattern)
            for scalar in scalars {
                let text = "a\(Character(scalar))b"
                let matches = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                let refused = TextRules.isForbiddenInXML(scalar)
                #expect(matches == !refused, "\(schema).\(property) and U+\(String(scalar.value, radix: 16))")
            }
        }
    }

    @Test("a stale If-Match is a 412 before the body is read, as the document says; a current one reaches the body")
    func preconditionBeforeBody() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "Guarded", body: "Body"), token: author)
            let read = try await server.send(.get, "/v1/posts/\(post.id)", token: author)
            let tag = try #require(read.headers[.eTag])
            let path = "/v1/posts/\(post.id)"
            let stale = try await server.send(.patch, path, raw: #"{"title": 5}"#, token: author, headers: [.ifMatch: "\"stale\""])
            #expect(stale.status == .preconditionFailed)
            let blank = try await server.send(.patch, path, raw: #"{"title": " "}"#, token: author, headers: [.ifMatch: "\"stale\""])
            #expect(blank.status == .preconditionFailed)
            let current = try await server.send(.patch, path, raw: #"{"title": 5}"#, token: author, headers: [.ifMatch: tag])
            #expect(current.status == .badRequest)
            let unknown = try await server.send(.patch, "/v1/posts/no-such-post", raw: "{}", token: author, headers: [.ifMatch: "\"x\""])
            #expect(unknown.status == .notFound, "the post is looked up before the precondition")

            let ifMatch = try Self.object(["components", "parameters", "IfMatch"], in: Self.document())
            #expect((ifMatch["description"] as? String)?.contains("before the request body is read") == true)
        }
    }

    @Test("the comment form's schema holds the rules the form enforces")
    func commentFormSchema() async throws {
        let document = try Self.document()
        let schema = try Self.object(
            ["paths", "/posts/{slug}/comments", "post", "requestBody", "content", "application/x-www-form-urlencoded",
             "schema"], in: document)
        #expect(Set(schema["required"] as? [String] ?? []) == ["name", "email", "body"])
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        #expect(properties["name"]?["maxLength"] as? Int == 80)
        #expect(properties["body"]?["maxLength"] as? Int == 10_000)
        #expect(properties["email"]?["format"] as? String == "email")
        #expect((schema["additionalProperties"] as? [String: Any])?["type"] as? String == "string",
                "an extra field is one string: named twice it is a 400")

        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "Formed", body: "Body"), token: author)
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            for (body, status) in [
                ("name=A&email=a%40example.com&body=Hi&extra=1", HTTPResponse.Status.seeOther),
                ("name=A&email=a%40example.com&body=Hi&extra=1&extra=2", .badRequest),
                ("email=a%40example.com&body=Hi", .unprocessableContent),
            ] {
                let response = try await server.client.executeRequest(
                    uri: "/posts/\(post.slug)/comments", method: .post, headers: form, body: ByteBuffer(string: body))
                #expect(response.status == status, "\(body)")
            }
        }
    }
    @Test("a length limit counts the text as sent, as the schema's maxLength does, leading spaces included")
    func lengthCountsTextAsSent() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let padded = "\u{00A0}" + String(repeating: "t", count: 300)
            let refused = try await server.send(.post, "/v1/posts", json: CreatePostRequest(title: padded, body: "B"), token: author)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.problem().errors?.map(\.field) == ["title"])
            let fits = try await server.send(
                .post, "/v1/posts", json: CreatePostRequest(title: String(padded.dropLast()), body: "B"), token: author)
            #expect(fits.status == .created, "300 characters as sent fit; the stored title is trimmed")
            #expect(try fits.decode(Post.self).title == String(repeating: "t", count: 299))
        }
    }
}
