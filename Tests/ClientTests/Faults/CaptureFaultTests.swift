import Foundation
import SatchelLoopback
import SatchelShared
import SatchelTestSupport
import Testing
@testable import SatchelClient

/// `POST /v1/captures` with the server killed (SIGKILL) while it fetches: no article, half-stored or
/// otherwise, exists afterwards, and the capture can be asked again.
@Suite("Capture faults")
struct CaptureFaultTests {
    @Test("the server killed mid-capture leaves no article; asking again captures the page")
    func serverKilledMidCapture() async throws {
        let directory = try FaultDirectory.make("capture-kill")
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = try CaptureSite()
        defer { site.stop() }
        let slow = ScriptedHTTPServer.Response(
            headers: [("Content-Type", "text/html")], body: Array(CaptureSite.article(title: "Slow Tide", images: []).utf8),
            delayBeforeBody: 30)
        site.setFlakyResponse(slow)
        let server = try ServerProcess(
            database: directory.appendingPathComponent("server.sqlite").path, logDirectory: directory,
            arguments: ["--capture-allow", "127.0.0.0/8"])
        try await server.start()
        defer { server.stop() }
        let transport = CurlTransport(baseURL: server.baseURL, configuration: .init(connectTimeout: 2, totalTimeout: 60))
        let account = try await SatchelAPI(transport: transport)
            .register(username: "keeper", password: "correct horse battery", email: "k@example.com")
        let api = SatchelAPI(transport: transport, token: account.token)

        let request = Task { try await api.capture(url: site.url("/flaky")) }
        let deadline = ContinuousClock.now + .seconds(30)
        while site.site.requestCount == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(site.site.requestCount == 1, "the server started fetching")
        server.kill()
        await #expect(throws: TransportError.self) { try await request.value }
        try await server.start()
        #expect(try await api.pull(cursor: nil, limit: 100).changes.isEmpty, "no article after the kill")

        site.setFlakyWorks(true)
        let retried = try await api.capture(url: site.url("/flaky"))
        #expect(retried.article.captureStatus == .captured && retried.article.title == "Flaky Article")
        let feed = try await api.pull(cursor: nil, limit: 100)
        #expect(feed.changes.map(\.recordId) == [retried.article.id])
    }
}
