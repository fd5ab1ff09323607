import SatchelFetch
import SatchelLoopback
import Testing

@Suite("Conditional GET and error statuses")
struct ConditionalFetchTests {
    @Test("validators are sent; a 304 comes back as a response only when the request was conditional")
    func notModified() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/feed") { request in
            if request.header("If-None-Match") == "\"v1\"" {
                return ScriptedHTTPServer.Response(status: 304, headers: [("ETag", "\"v1\"")], body: [])
            }
            return ScriptedHTTPServer.Response(
                status: 200, headers: [("Content-Type", "application/atom+xml"), ("ETag", "\"v1\""),
                                       ("Last-Modified", "Mon, 07 Dec 2026 14:00:00 GMT")],
                body: Array("<feed/>".utf8))
        }
        let fetcher = GuardedFetcher(policy: Loopback.policy())
        let url = server.baseURL + "/feed"
        let first = try await fetcher.fetch(FetchRequest(url: url))
        #expect(first.status == 200)
        let validators = ConditionalGET(etag: first.headers["etag"], lastModified: first.headers["last-modified"])
        let second = try await fetcher.fetch(FetchRequest(url: url, conditional: validators))
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
        let sent = try #require(server.requests.last)
        #expect(sent.header("If-None-Match") == "\"v1\"")
        #expect(sent.header("If-Modified-Since") == "Mon, 07 Dec 2026 14:00:00 GMT")
        #expect(server.requests.first?.header("If-None-Match") == nil)
    }

    @Test("a validator that would add a header is not sent")
    func hostileValidators() {
        let validators = ConditionalGET(etag: "\"a\"\r\nCookie: stolen", lastModified: String(repeating: "x", count: 2_000))
        #expect(validators.etag == nil)
        #expect(validators.lastModified == nil)
        #expect(ConditionalGET(etag: " W/\"x\" ", lastModified: nil).etag == "W/\"x\"")
    }

    @Test("error statuses come back with their headers when asked for, and as errors otherwise")
    func errorStatuses() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/busy") { _ in
            ScriptedHTTPServer.Response(status: 429, headers: [("Retry-After", "120")], body: Array("slow down".utf8))
        }
        let fetcher = GuardedFetcher(policy: Loopback.policy())
        let response = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/busy", returnsErrorStatuses: true))
        #expect(response.status == 429)
        #expect(response.headers["retry-after"] == "120")
        let failure = await error { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/busy")) }
        #expect(failure as? FetchError == .httpStatus(429))
    }
}
