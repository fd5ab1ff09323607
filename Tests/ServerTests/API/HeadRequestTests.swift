import Foundation
import SatchelShared
import Testing
@testable import SatchelServer

/// RFC 9110 §9.3.2: HEAD wherever GET works, with GET's status and headers and no body.
@Suite("HEAD requests")
struct HeadRequestTests {
    /// The raw bytes of one request's whole answer (the server closes after it).
    static func raw(_ method: String, _ path: String, port: Int) async throws -> (head: String, afterHead: Int) {
        let connection = try LoopbackHTTP(port: port)
        try connection.send(method, path, headers: ["Accept": path.hasPrefix("/v1") ? "application/json" : "text/html"])
        let data = await connection.read()
        let end = try #require(data.firstRange(of: Data("\r\n\r\n".utf8)))
        return (String(decoding: data[..<end.lowerBound], as: UTF8.self), data.count - end.upperBound)
    }

    /// The headers of a raw response head, names lower-cased, without the ones that vary per request.
    static func stableHeaders(_ head: String) -> [String: String] {
        var headers: [String: String] = [:]
        for line in head.components(separatedBy: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            guard !["date", "x-request-id", "server-timing"].contains(name) else { continue }
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }

    @Test("the blog, the feeds, the API and health answer HEAD as GET, without a body")
    func headEverywhere() async throws {
        try await LiveServer.run { server in
            let port = try #require(server.client.port)
            let (post, _, _) = try await server.authorWithPost()
            for path in ["/", "/health", "/feed.atom", "/v1/posts", "/posts/\(post.slug)", "/v1/posts/\(post.id)"] {
                let get = try await Self.raw("GET", path, port: port)
                let head = try await Self.raw("HEAD", path, port: port)
                #expect(get.head.hasPrefix("HTTP/1.1 200"), "GET \(path): \(get.head)")
                #expect(head.head.hasPrefix("HTTP/1.1 200"), "HEAD \(path): \(head.head)")
                #expect(head.afterHead == 0, "HEAD \(path) sent \(head.afterHead) body bytes")
                #expect(get.afterHead > 0)
                #expect(Self.stableHeaders(head.head) == Self.stableHeaders(get.head), "HEAD \(path) has GET's headers")
                #expect(Self.stableHeaders(head.head)["content-length"] == String(get.afterHead))
            }
        }
    }

    @Test("HEAD of an unknown page is a 404 without a body; a POST-only path lists HEAD nowhere but GET's")
    func headErrors() async throws {
        try await LiveServer.run { server in
            let port = try #require(server.client.port)
            let missing = try await Self.raw("HEAD", "/posts/no-such-post", port: port)
            #expect(missing.head.hasPrefix("HTTP/1.1 404") && missing.afterHead == 0)
            let options = try await Self.raw("DELETE", "/v1/posts", port: port)
            #expect(options.head.hasPrefix("HTTP/1.1 405"))
            #expect(Self.stableHeaders(options.head)["allow"] == "GET, HEAD, POST")
        }
    }
}
