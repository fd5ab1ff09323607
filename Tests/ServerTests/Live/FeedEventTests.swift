import Foundation
import SatchelShared
import Testing
@testable import SatchelServer

/// `GET /v1/sync/events` over real HTTP: "feed moved" events, `Last-Event-ID`, heartbeats, revocation.
@Suite("Feed event stream")
struct FeedEventTests {
    /// Opens the event stream as `reader`, with `Last-Event-ID` when given.
    func openStream(_ reader: LiveReader, lastEventId: Int? = nil) throws -> LoopbackHTTP {
        let connection = try LoopbackHTTP(port: reader.port)
        try connection.send(
            "GET", "/v1/sync/events", token: reader.token,
            headers: lastEventId.map { ["Last-Event-ID": String($0)] } ?? [:])
        return connection
    }

    /// The event ids in what the stream sent so far.
    static func eventIds(_ text: String) -> [Int] {
        // Split on every newline, "\r\n" of the chunked framing (one Character in Swift) included.
        text.split(whereSeparator: \.isNewline).compactMap { line in
            line.hasPrefix("id: ") ? Int(line.dropFirst(4)) : nil
        }
    }

    /// Reads until `text` has arrived on the stream; returns everything read so far.
    static func read(_ stream: LoopbackHTTP, after seen: String, until text: String) async -> String {
        let more = await stream.read { data in (seen + String(decoding: data, as: UTF8.self)).contains(text) }
        return seen + String(decoding: more, as: UTF8.self)
    }

    @Test("one event per commit of the reader's own feed, naming its version", arguments: StoreKind.allCases)
    func eventsPerCommit(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let port = try #require(server.client.port)
            let reader = LiveReader(port: port, token: try await LiveReader.register("reader", port: port), clientId: "a")
            let other = LiveReader(port: port, token: try await LiveReader.register("other", port: port), clientId: "o")
            let stream = try openStream(reader)
            var seen = await Self.read(stream, after: "", until: "id: 0\n")
            #expect(seen.contains("200 OK") && seen.lowercased().contains("content-type: text/event-stream"))
            #expect(seen.contains("retry: 2000"))

            try await eventually("the stream waits") { server.dependencies.liveFeed.waitingCount == 1 }
            try await other.saveArticles(1)
            try await reader.saveArticles(2)
            seen = await Self.read(stream, after: seen, until: "id: 2\n")
            try await reader.saveArticles(1)
            seen = await Self.read(stream, after: seen, until: "id: 3\n")
            #expect(Self.eventIds(seen) == [0, 2, 3], "the other reader's commit is not in this stream")
            #expect(seen.contains("event: feed\ndata: {\"version\":3}\n\n"))
            stream.close()
            try await eventually("the stream's waiter is gone") { server.dependencies.liveFeed.waitingCount == 0 }
        }
    }

    @Test("Last-Event-ID: nothing at once when the feed has not moved past it, the latest version when it has")
    func lastEventId() async throws {
        try await LiveServer.run { server in
            let port = try #require(server.client.port)
            let reader = LiveReader(port: port, token: try await LiveReader.register("reader", port: port), clientId: "a")
            try await reader.saveArticles(3)

            let behind = try openStream(reader, lastEventId: 1)
            let caughtUp = await Self.read(behind, after: "", until: "id: 3\n")
            #expect(Self.eventIds(caughtUp) == [3])
            behind.close()

            let current = try openStream(reader, lastEventId: 3)
            var seen = await Self.read(current, after: "", until: "retry: 2000\n\n")
            try await eventually("the stream waits") { server.dependencies.liveFeed.waitingCount == 1 }
            try await reader.saveArticles(1)
            seen = await Self.read(current, after: seen, until: "id: 4\n")
            #expect(Self.eventIds(seen) == [4])
            current.close()
        }
    }

    @Test("heartbeats keep an idle stream open; logging out ends it with a revoked event")
    func heartbeatAndRevocation() async throws {
        try await LiveServer.run(liveFeed: LiveFeedNotifier(heartbeat: .milliseconds(100))) { server in
            let port = try #require(server.client.port)
            let reader = LiveReader(port: port, token: try await LiveReader.register("reader", port: port), clientId: "a")
            let stream = try openStream(reader)
            var seen = await Self.read(stream, after: "", until: ": heartbeat\n\n")
            let logout = try await LoopbackHTTP.request(port: port, "DELETE", "/v1/tokens/current", token: reader.token)
            #expect(logout.status == 204)
            seen += String(decoding: await stream.read(), as: UTF8.self)
            #expect(seen.contains("event: revoked\n"), "the stream says why it ends, then ends")
            #expect(server.dependencies.liveFeed.waitingCount == 0)
        }
    }

    @Test("without a token the stream is refused with 401")
    func needsToken() async throws {
        try await LiveServer.run { server in
            let response = try await LoopbackHTTP.request(port: try #require(server.client.port), "GET", "/v1/sync/events")
            #expect(response.status == 401)
            #expect(response.headers["content-type"] == Problem.mediaType)
        }
    }
    @Test("a Last-Event-ID past the feed's version was never sent: 400, the largest integer included")
    func unsentLastEventId() async throws {
        try await LiveServer.run { server in
            let port = try #require(server.client.port)
            let reader = LiveReader(port: port, token: try await LiveReader.register("reader", port: port), clientId: "a")
            try await reader.saveArticles(2)
            for id in ["3", "9223372036854775807", "9223372036854775808", "-1", "two"] {
                let response = try await LoopbackHTTP.request(
                    port: port, "GET", "/v1/sync/events", token: reader.token, headers: ["Last-Event-ID": id])
                #expect(response.status == 400, "Last-Event-ID: \(id)")
                #expect(response.text.contains("Last-Event-ID"))
            }
            let sent = try openStream(reader, lastEventId: 2)
            let seen = await Self.read(sent, after: "", until: "retry: 2000\n\n")
            #expect(seen.contains("200 OK"), "the feed's own version is a Last-Event-ID a stream sent")
            sent.close()
        }
    }
}
