import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelHTTP

/// Requests that lie about their length or arrive slowly, over a raw socket.
@Suite("Short bodies and slow clients")
struct SlowAndShortRequestTests {
    static let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, idleTimeout: 1, requestBodyTimeout: 1)

    @Test("a body shorter than its Content-Length is a 400, never a 500", arguments: [100, 2 << 20, 5 << 20, 9 << 20])
    func shortBody(declared: Int) async throws {
        try await LiveServer.run { server in
            let (_, token) = try await server.register("reader")
            let port = try #require(server.client.port)
            for path in ["/v1/sync/push", "/v1/posts"] {
                let connection = try RawHTTPConnection(port: port)
                try connection.send(
                    "POST \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                        + "Content-Type: application/json\r\nContent-Length: \(declared)\r\n\r\n{\"clientId\":")
                connection.finishSending()
                let started = Date()
                let (text, closed) = await connection.readUntilClosed(timeout: 10)
                let waited = Date().timeIntervalSince(started)
                // The server may answer before the connection goes, or just close it: the request can never
                // be completed. What it must never do is answer 5xx (or keep the connection).
                let limit = path == "/v1/posts" ? RequestLimits.maxPostBodyBytes : SyncLimits.maxPushBytes
                let expected = declared > limit ? 413 : 400
                let status = RawHTTPConnection.status(of: text)
                #expect(closed, "\(path): still open after \(waited) s")
                #expect(status == nil || status == expected, "\(path): \(text.prefix(200))")
                if expected == 413 { #expect(status == 413, "a declared length past the limit is refused at once") }
            }
            #expect(try await server.send(.get, "/health").status == .ok)
        }
    }

    @Test("headers sent too slowly: the connection is closed after the idle timeout")
    func slowHeaders() async throws {
        try await LiveServer.run(configuration: Self.configuration) { server in
            let connection = try RawHTTPConnection(port: try #require(server.client.port))
            try connection.send("GET /health HTTP/1.1\r\nHost: x\r\n")
            let (text, closed) = await connection.readUntilClosed(timeout: 10)
            #expect(closed, "an incomplete head must not hold the connection")
            #expect(text.isEmpty)
        }
    }

    @Test("a body trickled byte by byte: the connection is closed after the body timeout")
    func slowBody() async throws {
        try await LiveServer.run(configuration: Self.configuration) { server in
            let connection = try RawHTTPConnection(port: try #require(server.client.port))
            try connection.send(
                "POST /v1/tokens HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n")
            let start = Date()
            var closedEarly = false
            // One byte every 0.2 s keeps the connection busy for the idle timer, but not for the body timer.
            for _ in 0..<40 {
                if (try? connection.send("{")) == nil { closedEarly = true; break }
                let (_, closed) = await connection.readUntilClosed(timeout: 0.2)
                if closed { closedEarly = true; break }
            }
            #expect(closedEarly, "a trickled body must not hold the connection for \(Date().timeIntervalSince(start)) s")
        }
    }

    @Test("an idle keep-alive connection is closed; a quick client is served")
    func idleKeepAlive() async throws {
        try await LiveServer.run(configuration: Self.configuration) { server in
            let connection = try RawHTTPConnection(port: try #require(server.client.port))
            try connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            let (text, closed) = await connection.readUntilClosed(timeout: 10)
            #expect(RawHTTPConnection.status(of: text) == 200)
            #expect(closed, "closed once idle")
        }
    }
}
