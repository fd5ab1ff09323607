import Foundation
import SatchelShared
import Testing
@testable import SatchelServer

/// One account cannot take live sync away from the others: live clients are admitted per account and
/// up to the server's capacity, and a newcomer is refused rather than anyone evicted.
@Suite("Live-sync client limits")
struct LiveClientLimitTests {
    @Test("slots: per account and in all; a newcomer is refused, nobody evicted; a dropped slot frees itself once")
    func slots() throws {
        let slots = LiveClientSlots(perAccount: 2, capacity: 3)
        let (greedy, other, newcomer) = (UUID(), UUID(), UUID())
        var held: [LiveClientSlot] = []
        for _ in 0..<2 {
            guard case .admitted(let slot) = slots.admit(userId: greedy) else { throw Failure("greedy's own two are admitted") }
            held.append(slot)
        }
        guard case .refused(.accountFull(limit: 2)) = slots.admit(userId: greedy) else { throw Failure("a third is refused") }
        guard case .admitted(let others) = slots.admit(userId: other) else { throw Failure("another account is admitted") }
        guard case .refused(.serverFull) = slots.admit(userId: newcomer) else { throw Failure("full: the newcomer waits") }
        #expect(slots.count == 3 && slots.count(userId: greedy) == 2, "nobody was evicted")
        others.release()
        others.release()
        #expect(slots.count == 2, "a slot released twice frees one place")
        held.removeLast()  // dropped without release: its deinit frees it
        #expect(slots.count == 1 && slots.count(userId: greedy) == 1)
        guard case .admitted = slots.admit(userId: newcomer) else { throw Failure("the newcomer is admitted once there is room") }
        slots.close()
        guard case .refused(.shuttingDown) = slots.admit(userId: other) else { throw Failure("no one after shutdown") }
    }

    @Test("an account holding its streams gets 429 with Retry-After for one more; other readers still wait live")
    func perAccountOverHTTP() async throws {
        try await LiveServer.run(liveFeed: LiveFeedNotifier(capacity: 100, perAccount: 4)) { server in
            let port = try #require(server.client.port)
            let greedy = LiveReader(port: port, token: try await LiveReader.register("greedy", port: port), clientId: "g")
            let victim = LiveReader(port: port, token: try await LiveReader.register("victim", port: port), clientId: "v")
            var streams: [LoopbackHTTP] = []
            defer { for stream in streams { stream.close() } }
            for _ in 0..<4 {
                let stream = try LoopbackHTTP(port: port)
                try stream.send("GET", "/v1/sync/events", token: greedy.token)
                _ = await stream.read { String(decoding: $0, as: UTF8.self).contains("retry: 2000") }
                streams.append(stream)
            }
            let fifth = try await LoopbackHTTP.request(port: port, "GET", "/v1/sync/events", token: greedy.token)
            #expect(fifth.status == 429, "\(fifth.text)")
            #expect(fifth.headers["retry-after"] == "10")
            #expect(fifth.text.contains("/problems/rate-limited") && fifth.text.contains("4 live-sync clients"))
            let pull = try await LoopbackHTTP.request(
                port: port, "GET", greedy.pullPath(cursor: nil, wait: 30), token: greedy.token)
            #expect(pull.status == 429, "a waiting pull counts as a live client too")
            #expect(try await LoopbackHTTP.request(
                port: port, "GET", greedy.pullPath(cursor: nil), token: greedy.token).status == 200,
                "a pull that does not wait is never refused")

            // The victim's long-poll is held, not answered at once, and wakes on its own commit.
            let cursor = try await victim.pull(cursor: nil).cursor
            async let held = victim.pull(cursor: cursor, wait: 30)
            try await eventually("the victim's pull waits") { server.dependencies.liveFeed.waitingCount == 5 }
            try await victim.machine("v2").saveArticles(1)
            #expect(try await held.changes.count == 1)
        }
    }

    @Test("a full server answers a newcomer 503 with Retry-After and keeps every established stream")
    func fullServer() async throws {
        try await LiveServer.run(liveFeed: LiveFeedNotifier(capacity: 3, perAccount: 8)) { server in
            let port = try #require(server.client.port)
            let first = LiveReader(port: port, token: try await LiveReader.register("first", port: port), clientId: "f")
            let late = LiveReader(port: port, token: try await LiveReader.register("late", port: port), clientId: "l")
            var streams: [LoopbackHTTP] = []
            defer { for stream in streams { stream.close() } }
            for _ in 0..<3 {
                let stream = try LoopbackHTTP(port: port)
                try stream.send("GET", "/v1/sync/events", token: first.token)
                _ = await stream.read { String(decoding: $0, as: UTF8.self).contains("id: 0\n") }
                streams.append(stream)
            }
            try await eventually("every stream waits") { server.dependencies.liveFeed.waitingCount == 3 }
            let refused = try await LoopbackHTTP.request(port: port, "GET", "/v1/sync/events", token: late.token)
            #expect(refused.status == 503 && refused.headers["retry-after"] == "10", "\(refused.text)")
            #expect(refused.text.contains("/problems/live-sync-full"))
            try await first.saveArticles(1)
            for stream in streams {
                let seen = await stream.read { String(decoding: $0, as: UTF8.self).contains("id: 1\n") }
                #expect(String(decoding: seen, as: UTF8.self).contains("id: 1\n"), "an established stream still gets events")
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
