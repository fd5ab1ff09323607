import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelHTTP

/// One structured line per request, with its id, and nothing secret in it.
@Suite("Request logs")
struct RequestLogTests {
    static let email = "secret.reader@example.com"

    @Test("a request with a bearer token and a comment with an email leave neither in the log")
    func noSecrets() async throws {
        try await ObservedServer.run { server in
            let live = server.live
            let (_, author, authorUser) = try await live.adminAndAuthor()
            let post = try await live.createPost(CreatePostRequest(title: "P", body: "b"), token: author)
            let me = try await live.send(.get, "/v1/me", token: author, headers: [.requestId: "trace-me-1"])
            #expect(me.status == .ok && me.headers[.requestId] == "trace-me-1")
            let comment = CreateCommentRequest(authorName: "Reader", authorEmail: Self.email, body: "Hello")
            let posted = try await live.send(.post, "/v1/posts/\(post.id)/comments", json: comment, token: author)
            #expect(posted.status == .created)
            let anonymous = try await live.send(
                .post, "/v1/posts/\(post.id)/comments",
                json: CreateCommentRequest(authorName: "Reader", authorEmail: Self.email, body: "Hello again"))
            #expect(anonymous.status == .created)

            let everything = server.logs.lines.joined(separator: "\n")
            for secret in [author, Self.email, "correct horse", "author@example.com", "Hello"] {
                #expect(!everything.contains(secret), "the log holds \(secret)")
            }
            let meLine = try #require(server.logs.requestLines.first { $0.contains("request_id=trace-me-1") })
            #expect(meLine.contains("method=GET") && meLine.contains("route=/v1/me") && meLine.contains("status=200"))
            #expect(meLine.contains("user_id=\(authorUser.id.uuidString.lowercased())"))
            #expect(meLine.contains("duration_ms=") && meLine.contains("bytes="))
            let anonymousLine = try #require(server.logs.requestLines.first {
                $0.contains("request_id=\(anonymous.headers[.requestId] ?? "none")")
            })
            #expect(!anonymousLine.contains("user_id="), "anonymous requests name no user")
        }
    }

    @Test("the request id is the same in the response header and the log line; unsafe ids are replaced")
    func requestIds() async throws {
        try await ObservedServer.run { server in
            let generated = try await server.live.send(.get, "/health")
            let id = try #require(generated.headers[.requestId])
            #expect(id.count >= 16)
            let unsafe = try await server.live.send(.get, "/health", headers: [.requestId: "evil\" level=error x"])
            let replaced = try #require(unsafe.headers[.requestId])
            #expect(replaced != id && !replaced.contains("evil"))
            let lines = server.logs.requestLines
            #expect(lines.count == 2, "one line per request: \(lines)")
            #expect(lines.filter { $0.contains("request_id=\(id) ") }.count == 1)
            #expect(lines.filter { $0.contains("request_id=\(replaced) ") }.count == 1)
            #expect(!lines.joined().contains("evil"))
        }
    }

    @Test("errors are logged once, with the problem type; --log-format json writes one JSON object a line")
    func jsonLines() async throws {
        try await ObservedServer.run(format: .json) { server in
            let missing = try await server.live.send(.get, "/v1/posts/\(UUID())", headers: [.requestId: "trace-404"])
            #expect(missing.status == .notFound)
            let lines = server.logs.requestLines
            #expect(lines.count == 1)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String])
            #expect(object["msg"] == "request" && object["level"] == "info")
            #expect(object["request_id"] == "trace-404" && object["route"] == "/v1/posts/{id}")
            #expect(object["status"] == "404" && object["problem"] == "/problems/not-found")
            #expect(object["method"] == "GET" && object["time"]?.hasSuffix("Z") == true)
            let mentions = server.logs.lines.filter { $0.contains("trace-404") || $0.contains("not-found") }
            #expect(mentions.count == 1, "the error is not logged a second time: \(mentions)")
        }
    }

    @Test("logfmt quotes values with spaces or quotes, and JSON escapes control characters")
    func formatting() {
        #expect(LogFormat.logfmtValue("plain") == "plain")
        #expect(LogFormat.logfmtValue("two words") == "\"two words\"")
        #expect(LogFormat.logfmtValue("say \"hi\"\n") == "\"say \\\"hi\\\"\\n\"")
        #expect(LogFormat.logfmtValue("") == "\"\"")
        #expect(LogFormat.jsonString("a\u{1}b") == "\"a\\u0001b\"")
        #expect(LogFormat.timestamp(Date(timeIntervalSince1970: 1_800_000_000.5)) == "2027-01-15T08:00:00.500Z")
        // Truncating wrote .122 for .123 (binary floating point holds .123 as .12299…); rounding keeps it.
        #expect(LogFormat.timestamp(Date(timeIntervalSince1970: 1_800_000_000.123)) == "2027-01-15T08:00:00.123Z")
        #expect(LogFormat.timestamp(Date(timeIntervalSince1970: 1_800_000_000.9996)) == "2027-01-15T08:00:01.000Z")
        #expect(LogFormat.timestamp(Date(timeIntervalSince1970: -0.25)) == "1969-12-31T23:59:59.750Z")
        #expect(RequestLogMiddleware<SatchelRequestContext>.requestId(from: "abc-123_x.y:z") == "abc-123_x.y:z")
        #expect(RequestLogMiddleware<SatchelRequestContext>.requestId(from: "has space") == nil)
        #expect(RequestLogMiddleware<SatchelRequestContext>.requestId(from: String(repeating: "a", count: 129)) == nil)
    }
}
