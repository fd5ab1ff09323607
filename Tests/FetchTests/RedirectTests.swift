import SatchelFetch
import SatchelLoopback
import Testing

@Suite("Redirects")
struct RedirectTests {
    /// A chain /hop/N → /hop/N-1 … → /hop/0, which answers 200.
    private func chain(_ server: ScriptedHTTPServer, length: Int) {
        for hop in 0...length {
            server.route("/hop/\(hop)") { _ in
                hop == 0 ? .text("arrived") : .redirect(to: "/hop/\(hop - 1)", status: [301, 302, 303, 307, 308][hop % 5])
            }
        }
    }

    @Test("a relative Location is resolved against the current URL")
    func relative() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/a/b") { _ in .redirect(to: "../c?x=1", status: 301) }
        server.route("/c") { _ in .text("here") }
        let response = try await GuardedFetcher(policy: Loopback.policy()).fetch(FetchRequest(url: server.baseURL + "/a/b"))
        #expect(response.finalURL == server.baseURL + "/c?x=1")
        #expect(response.redirects == [server.baseURL + "/c?x=1"])
        #expect(response.body == Array("here".utf8))
        #expect(server.requestLines == ["GET /a/b HTTP/1.1", "GET /c?x=1 HTTP/1.1"])
    }

    @Test("a redirect to another allowlisted host is followed, and every hop's bytes are counted")
    func otherHost() async throws {
        let first = try ScriptedHTTPServer(host: "127.0.0.1")
        let second = try ScriptedHTTPServer(host: "127.0.0.2")
        defer { first.stop(); second.stop() }
        first.route("/") { _ in .redirect(to: second.baseURL + "/landing", status: 303) }
        second.route("/landing") { _ in .text("<p>landed</p>", contentType: "text/html") }
        let fetcher = GuardedFetcher(policy: Loopback.policy(allowing: ["127.0.0.1/32", "127.0.0.2/32"]))
        let response = try await fetcher.fetch(FetchRequest(url: first.baseURL + "/"))
        #expect(response.finalURL == second.baseURL + "/landing")
        #expect(response.redirects == [second.baseURL + "/landing"])
        #expect(response.mediaType == "text/html")
        #expect(first.requestCount == 1)
        #expect(second.requestCount == 1)
        let secondOnly = try await fetcher.fetch(FetchRequest(url: second.baseURL + "/landing"))
        #expect(response.bytesOnWire > secondOnly.bytesOnWire)
    }

    @Test("10 redirects are followed")
    func tenAllowed() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        chain(server, length: 10)
        let response = try await GuardedFetcher(policy: Loopback.policy()).fetch(FetchRequest(url: server.baseURL + "/hop/10"))
        #expect(response.redirects.count == 10)
        #expect(response.redirects.last == server.baseURL + "/hop/0")
        #expect(response.body == Array("arrived".utf8))
        #expect(server.requestCount == 11)
        // 301, 302, 303, 307 and 308 were all in the chain; every hop was a GET.
        #expect(server.requests.allSatisfy { $0.method == "GET" })
    }

    @Test("an 11th redirect is refused without being requested")
    func elevenRefused() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        chain(server, length: 11)
        let failure = await error { try await GuardedFetcher(policy: Loopback.policy()).fetch(FetchRequest(url: server.baseURL + "/hop/11")) }
        #expect(failure as? FetchError == .tooManyRedirects(10))
        #expect(server.requestCount == 11)
        #expect(!server.requestLines.contains("GET /hop/0 HTTP/1.1"))
    }

    @Test("a redirect loop ends at the hop limit")
    func loop() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/ping") { _ in .redirect(to: "/pong") }
        server.route("/pong") { _ in .redirect(to: "/ping") }
        let fetcher = GuardedFetcher(policy: Loopback.policy(maxRedirects: 4))
        let failure = await error { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/ping")) }
        #expect(failure as? FetchError == .tooManyRedirects(4))
        #expect(server.requestCount == 5)
    }

    @Test("a redirect without a Location fails")
    func withoutLocation() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in .status(302) }
        let failure = await error { try await GuardedFetcher(policy: Loopback.policy()).fetch(FetchRequest(url: server.baseURL + "/")) }
        #expect(failure as? FetchError == .redirectWithoutLocation)
    }

    @Test("a redirect to another scheme is refused", arguments: ["file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1/"])
    func otherScheme(location: String) async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in .redirect(to: location) }
        let failure = await error { try await GuardedFetcher(policy: Loopback.policy()).fetch(FetchRequest(url: server.baseURL + "/")) }
        guard case .unsupportedScheme? = failure as? FetchError else {
            Issue.record("expected unsupportedScheme, got \(String(describing: failure))")
            return
        }
    }
}
