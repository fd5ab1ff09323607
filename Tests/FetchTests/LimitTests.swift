import SatchelFetch
import SatchelLoopback
import Testing

@Suite("Limits")
struct LimitTests {
    @Test("a slow server times out within the total timeout")
    func slowServer() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in ScriptedHTTPServer.Response(body: Array(repeating: 65, count: 100), delayBeforeBody: 60) }
        let fetcher = GuardedFetcher(policy: Loopback.policy(totalTimeout: 1.5))
        let clock = ContinuousClock()
        let start = clock.now
        let failure = await error { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/")) }
        let elapsed = clock.now - start
        #expect(failure as? FetchError == .timedOut(seconds: 1.5))
        #expect(elapsed >= .milliseconds(1400))
        // Long before the body would come (60 s), with room for a loaded machine.
        #expect(elapsed < .seconds(40))
    }

    @Test("the time limit covers every redirect hop together")
    func timeoutAcrossHops() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        // Each hop takes 0.6 s, under the limit alone; three of them pass it, six would take 3.6 s.
        for hop in 0...5 {
            server.route("/hop/\(hop)") { _ in
                var response = hop == 0 ? ScriptedHTTPServer.Response.text("end") : .redirect(to: "/hop/\(hop - 1)")
                response.delayBeforeHeaders = 0.6
                return response
            }
        }
        let fetcher = GuardedFetcher(policy: Loopback.policy(totalTimeout: 1.5))
        let failure = await error { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/hop/5")) }
        #expect(failure as? FetchError == .timedOut(seconds: 1.5))
        #expect(server.requestCount < 6)
    }

    @Test("a slow drip that never ends times out")
    func slowDrip() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in
            ScriptedHTTPServer.Response(body: Array(repeating: 65, count: 1000), drip: .init(bytes: 1, interval: 0.05))
        }
        let failure = await error {
            try await GuardedFetcher(policy: Loopback.policy(totalTimeout: 1)).fetch(FetchRequest(url: server.baseURL + "/"))
        }
        #expect(failure as? FetchError == .timedOut(seconds: 1))
    }

    @Test("a body larger than the limit, without a declared length, is tooLarge")
    func hugeBody() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in
            ScriptedHTTPServer.Response(body: Array(repeating: 65, count: 3 * 1024 * 1024), addsContentLength: false)
        }
        let fetcher = GuardedFetcher(policy: Loopback.policy(maxBodyBytes: 1024 * 1024))
        let failure = await error { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/")) }
        #expect(failure as? FetchError == .tooLarge(limit: 1024 * 1024))
    }

    @Test("the request's byte limit overrides the policy's")
    func requestLimit() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in ScriptedHTTPServer.Response(body: Array(repeating: 1, count: 6000)) }
        let fetcher = GuardedFetcher(policy: Loopback.policy())
        let failure = await error { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/", maxBytes: 5000)) }
        #expect(failure as? FetchError == .tooLarge(limit: 5000))
        let exact = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/", maxBytes: 6000))
        #expect(exact.body.count == 6000)
    }

    @Test("a declared Content-Length over the limit is refused before the body")
    func declaredTooLarge() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in
            ScriptedHTTPServer.Response(headers: [("Content-Length", "50000000")], body: Array(repeating: 65, count: 10))
        }
        let fetcher = GuardedFetcher(policy: Loopback.policy(maxBodyBytes: 1024 * 1024))
        let failure = await error { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/")) }
        #expect(failure as? FetchError == .tooLarge(limit: 1024 * 1024))
    }

    @Test("a Content-Length smaller than the body sent: only the declared bytes are read")
    func lyingShortLength() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in
            ScriptedHTTPServer.Response(headers: [("Content-Length", "10")], body: Array(repeating: 65, count: 2 * 1024 * 1024))
        }
        let fetcher = GuardedFetcher(policy: Loopback.policy(maxBodyBytes: 1024 * 1024))
        let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/"))
        #expect(response.body == Array(repeating: 65, count: 10))
    }

    @Test("a Content-Length larger than the body sent is a network error, not a short page")
    func lyingLongLength() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in
            ScriptedHTTPServer.Response(headers: [("Content-Length", "5000")], body: Array(repeating: 65, count: 100))
        }
        let failure = await error { try await GuardedFetcher(policy: Loopback.policy()).fetch(FetchRequest(url: server.baseURL + "/")) }
        guard case .network? = failure as? FetchError else {
            Issue.record("expected a network error, got \(String(describing: failure))")
            return
        }
    }

    @Test("a gzip bomb (50 MB of zeros) stops at the decompressed limit, quickly")
    func gzipBomb() async throws {
        let bomb = Gzip.zeros(50_000_000)
        #expect(bomb.count < 400_000)
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in
            ScriptedHTTPServer.Response(headers: [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], body: bomb)
        }
        let fetcher = GuardedFetcher(policy: Loopback.policy(maxBodyBytes: 2 * 1024 * 1024))
        let clock = ContinuousClock()
        let start = clock.now
        let failure = await error { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/")) }
        #expect(failure as? FetchError == .tooLarge(limit: 2 * 1024 * 1024))
        // Bounded by the cap, not by the 50 MB (a loaded machine may be slow; the bound only catches a stall).
        #expect(clock.now - start < .seconds(40))
    }

    @Test("headers past 64 KiB abort the transfer")
    func hugeHeaders() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        let filler = String(repeating: "x", count: 1000)
        server.route("/") { _ in
            ScriptedHTTPServer.Response(headers: (0..<100).map { ("X-Filler-\($0)", filler) }, body: [1])
        }
        let failure = await error { try await GuardedFetcher(policy: Loopback.policy()).fetch(FetchRequest(url: server.baseURL + "/")) }
        #expect(failure as? FetchError == .network("the response headers exceed 65536 bytes"))
    }

    @Test("at most maxConcurrent fetches run at once")
    func concurrency() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in ScriptedHTTPServer.Response(body: [1], delayBeforeBody: 0.3) }
        let fetcher = GuardedFetcher(policy: Loopback.policy(), maxConcurrent: 2)
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { _ = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/")) }
            }
            try await group.waitForAll()
        }
        // Four 0.3 s fetches two at a time take two rounds.
        #expect(clock.now - start >= .milliseconds(550))
        #expect(server.requestCount == 4)
    }
}
