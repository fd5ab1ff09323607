import SatchelFetch
import SatchelLoopback
import Testing

@Suite("Fetching pages")
struct FetchBasicsTests {
    @Test("a plain 200 page comes back with its media type, charset, headers and request headers sent")
    func plainPage() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/article") { _ in
            ScriptedHTTPServer.Response(
                status: 200, headers: [("Content-Type", "Text/HTML; Charset=\"ISO-8859-1\""), ("X-Thing", "a"), ("X-Thing", "b")],
                body: Array("<p>caf\u{e9}</p>".utf8))
        }
        var policy = Loopback.policy()
        policy.acceptLanguage = "fr, en;q=0.5"
        let fetcher = GuardedFetcher(policy: policy)
        let url = server.baseURL + "/article"
        let response = try await fetcher.fetch(FetchRequest(url: url))
        #expect(response.status == 200)
        #expect(response.requestedURL == url)
        #expect(response.finalURL == url)
        #expect(response.redirects.isEmpty)
        #expect(response.mediaType == "text/html")
        #expect(response.charset == "ISO-8859-1")
        #expect(response.headers["x-thing"] == "b")
        #expect(response.body == Array("<p>caf\u{e9}</p>".utf8))
        #expect(response.bytesOnWire > response.body.count)
        let request = try #require(server.requests.first)
        #expect(request.requestLine == "GET /article HTTP/1.1")
        #expect(request.header("User-Agent") == FetchPolicy.standard.userAgent)
        #expect(request.header("Accept") == "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
        #expect(request.header("Accept-Language") == "fr, en;q=0.5")
        #expect(request.header("Cookie") == nil)
        #expect(request.header("Accept-Encoding")?.contains("gzip") == true)
    }

    @Test("a gzip-compressed body is decoded; bytes on the wire count it compressed")
    func gzipBody() async throws {
        let text = String(repeating: "Satchel keeps pages. ", count: 200)
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in
            ScriptedHTTPServer.Response(
                headers: [("Content-Type", "text/plain"), ("Content-Encoding", "gzip")], body: Gzip.zeros(100_000))
        }
        server.route("/text") { _ in
            ScriptedHTTPServer.Response(
                headers: [("Content-Type", "text/plain; charset=utf-8"), ("Content-Encoding", "gzip")],
                body: Gzip.stored(Array(text.utf8)))
        }
        let fetcher = GuardedFetcher(policy: Loopback.policy())
        let zeros = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/"))
        #expect(zeros.body == [UInt8](repeating: 0, count: 100_000))
        #expect(zeros.bytesOnWire < 5_000)
        let page = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/text"))
        #expect(String(decoding: page.body, as: UTF8.self) == text)
        #expect(page.headers["content-encoding"] == "gzip")
    }

    @Test("content types are reported as given, for the caller to decide", arguments: [
        ("application/pdf", "application/pdf", nil),
        ("image/PNG", "image/png", nil),
        ("application/xhtml+xml; charset=utf-8; foo=bar", "application/xhtml+xml", "utf-8"),
        ("text/plain;charset=windows-1252", "text/plain", "windows-1252"),
    ] as [(String, String, String?)])
    func contentTypes(header: String, mediaType: String, charset: String?) async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in ScriptedHTTPServer.Response(headers: [("Content-Type", header)], body: [1, 2, 3]) }
        let response = try await GuardedFetcher(policy: Loopback.policy()).fetch(
            FetchRequest(url: server.baseURL + "/", accept: "image/*"))
        #expect(response.mediaType == mediaType)
        #expect(response.charset == charset)
        #expect(server.requests.first?.header("Accept") == "image/*")
    }

    @Test("no Content-Type gives no media type")
    func noContentType() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in ScriptedHTTPServer.Response(body: [1]) }
        let response = try await GuardedFetcher(policy: Loopback.policy()).fetch(FetchRequest(url: server.baseURL + "/"))
        #expect(response.mediaType == nil)
        #expect(response.charset == nil)
    }

    @Test("a 404 is httpStatus(404), a 500 httpStatus(500)")
    func errorStatuses() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/boom") { _ in .status(500) }
        let fetcher = GuardedFetcher(policy: Loopback.policy())
        let missing = await error { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/missing")) }
        #expect(missing as? FetchError == .httpStatus(404))
        let boom = await error { try await fetcher.fetch(FetchRequest(url: server.baseURL + "/boom")) }
        #expect(boom as? FetchError == .httpStatus(500))
    }

    @Test("a server that closes without answering is a network error")
    func closedWithoutAnswer() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        server.route("/") { _ in .closeWithoutResponding }
        let failure = await error { try await GuardedFetcher(policy: Loopback.policy()).fetch(FetchRequest(url: server.baseURL + "/")) }
        guard case .network? = failure as? FetchError else {
            Issue.record("expected a network error, got \(String(describing: failure))")
            return
        }
        #expect(server.requestCount == 1)
    }

    @Test("URLs that are not http(s) are refused before any connection", arguments: [
        ("ftp://127.0.0.1/", FetchError.unsupportedScheme("ftp")),
        ("file:///etc/passwd", FetchError.unsupportedScheme("file")),
        ("gopher://127.0.0.1:70/", FetchError.unsupportedScheme("gopher")),
        ("not a url", FetchError.invalidURL("not a url")),
        ("/relative/path", FetchError.invalidURL("/relative/path")),
    ])
    func badURLs(url: String, expected: FetchError) async {
        let failure = await error { try await GuardedFetcher(policy: Loopback.policy()).fetch(FetchRequest(url: url)) }
        #expect(failure as? FetchError == expected)
    }

    @Test("error descriptions are plain sentences")
    func descriptions() {
        #expect(FetchError.refusedAddress(host: "localhost", address: "127.0.0.1", reason: "loopback").description
            == "refused to fetch from localhost: localhost resolves to 127.0.0.1, a loopback address")
        #expect(FetchError.refusedAddress(host: "169.254.169.254", address: "169.254.169.254",
                                          reason: "link-local (cloud metadata)").description
            == "refused to fetch from 169.254.169.254: it is a link-local (cloud metadata) address")
        #expect(FetchError.refusedAddress(host: "[::ffff:127.0.0.1]", address: "::ffff:127.0.0.1",
                                          reason: "IPv4-mapped loopback").description
            == "refused to fetch from [::ffff:127.0.0.1]: it is an IPv4-mapped loopback address")
        #expect(FetchError.refusedAddress(host: "127.1", address: "127.1", reason: FetchError.notPlainAddress)
            .description.contains("127.1 is not a plain address"))
        #expect(FetchError.timedOut(seconds: 1.5).description == "the fetch did not finish within 1.5 seconds")
        #expect(FetchError.httpStatus(404).description == "the server answered with HTTP status 404")
    }
}
