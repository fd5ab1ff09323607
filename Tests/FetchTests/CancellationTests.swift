import SatchelFetch
import SatchelLoopback
import Testing

@Suite("Cancellation")
struct CancellationTests {
    @Test("cancelling the task ends a slow fetch promptly with CancellationError")
    func cancelSlowFetch() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in ScriptedHTTPServer.Response(body: [1, 2, 3], delayBeforeBody: 60) }
        let fetcher = GuardedFetcher(policy: Loopback.policy(totalTimeout: 120))
        let task = Task { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/")) }
        // Wait until the request reached the server, so the cancellation hits a transfer under way.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)  // a loaded machine may take a while to start the transfer
        while server.requestCount == 0 && clock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(server.requestCount == 1)
        let cancelledAt = clock.now
        task.cancel()
        let result = await task.result
        // Far sooner than the 60 s the body would take, with room for a loaded machine.
        #expect(clock.now - cancelledAt < .seconds(30))
        #expect(throws: CancellationError.self) { try result.get() }
    }

    @Test("a task cancelled while waiting for a slot never starts its fetch")
    func cancelWhileWaiting() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/slow") { _ in ScriptedHTTPServer.Response(body: [1], delayBeforeBody: 5) }  // holds the one slot long enough on a loaded machine
        server.route("/queued") { _ in .text("queued") }
        let fetcher = GuardedFetcher(policy: Loopback.policy(totalTimeout: 30), maxConcurrent: 1)
        let busy = Task { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/slow")) }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)  // a loaded machine may take a while to start the transfer
        while server.requestCount == 0 && clock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        let queued = Task { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/queued")) }
        try await Task.sleep(for: .milliseconds(50))
        queued.cancel()
        let result = await queued.result
        #expect(throws: CancellationError.self) { try result.get() }
        _ = try await busy.value
        #expect(server.requestLines == ["GET /slow HTTP/1.1"])
    }
}
