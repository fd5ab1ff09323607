import SatchelFetch
import SatchelLoopback
import Testing

/// The default policy against a server on 127.0.0.1: every way of reaching it is refused, and the server
/// receives nothing.
@Suite("SSRF refusals")
struct SSRFTests {
    private func refusal(_ request: FetchRequest, policy: FetchPolicy = .standard) async -> FetchError? {
        let failure = await error { try await GuardedFetcher(policy: policy).fetch(request) }
        return failure as? FetchError
    }

    private func isAddressRefusal(_ error: FetchError?, reason: String? = nil) -> Bool {
        guard case let .refusedAddress(_, _, actual)? = error else { return false }
        return reason.map { actual == $0 } ?? true
    }

    @Test("localhost is refused at connect time as loopback, and the server gets no request")
    func localhost() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        let error = await refusal(FetchRequest(url: "http://localhost:\(server.port)/"))
        #expect(isAddressRefusal(error, reason: "loopback"), "got \(String(describing: error))")
        #expect(error?.description.contains("localhost resolves to") == true)
        #expect(server.requestCount == 0)
    }

    @Test("odd IPv4 spellings of 127.0.0.1 are refused as not plain addresses", arguments: [
        "127.1", "0x7f000001", "2130706433", "017700000001", "0177.0.0.1", "127.0.0.1.",
    ])
    func oddSpellings(host: String) async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        let error = await refusal(FetchRequest(url: "http://\(host):\(server.port)/"))
        #expect(error == .refusedAddress(host: host, address: host, reason: FetchError.notPlainAddress))
        #expect(server.requestCount == 0)
    }

    @Test("IPv6 loopback is refused, and a server listening there gets no request")
    func ipv6Loopback() async throws {
        let server = try? ScriptedHTTPServer(host: "::1")
        defer { server?.stop() }
        let port = server?.port ?? 8080
        let error = await refusal(FetchRequest(url: "http://[::1]:\(port)/"))
        #expect(error == .refusedAddress(host: "[::1]", address: "::1", reason: "loopback"))
        #expect(server?.requestCount ?? 0 == 0)
    }

    @Test("IPv4-mapped IPv6 loopback is refused")
    func mapped() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        let error = await refusal(FetchRequest(url: "http://[::ffff:127.0.0.1]:\(server.port)/"))
        #expect(isAddressRefusal(error, reason: "IPv4-mapped loopback"), "got \(String(describing: error))")
        #expect(server.requestCount == 0)
    }

    @Test("the cloud metadata address is refused without hanging, literal or behind a name")
    func metadata() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        // The standard rules but a two-minute limit: a connection attempt would wait that long, far past the
        // bound below, while a refusal before the SYN takes well under it even on a loaded machine.
        let patient = FetchPolicy(totalTimeout: 120)
        let literal = await refusal(FetchRequest(url: "http://169.254.169.254/latest/meta-data/"), policy: patient)
        #expect(literal == .refusedAddress(
            host: "169.254.169.254", address: "169.254.169.254", reason: "link-local (cloud metadata)"))
        // Behind a name, only the connect-time check can see it: it refuses before any SYN is sent.
        let named = await refusal(FetchRequest(
            url: "http://metadata.example.com/latest/", resolve: ["metadata.example.com:80:169.254.169.254"]), policy: patient)
        #expect(named == .refusedAddress(
            host: "metadata.example.com", address: "169.254.169.254", reason: "link-local (cloud metadata)"))
        #expect(clock.now - start < .seconds(60))
    }

    @Test("a public-looking name that resolves to 127.0.0.1 is refused at connect time")
    func nameResolvingToLoopback() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        let error = await refusal(FetchRequest(
            url: "http://news.example.com:\(server.port)/story", resolve: ["news.example.com:\(server.port):127.0.0.1"]))
        #expect(error == .refusedAddress(host: "news.example.com", address: "127.0.0.1", reason: "loopback"))
        #expect(server.requestCount == 0)
    }

    @Test("a redirect from an allowed host to 127.0.0.1 is refused, and 127.0.0.1 gets no request",
          arguments: ["127.0.0.1", "localhost"])
    func redirectToLoopback(target: String) async throws {
        let (allowed, refused) = try Loopback.pairOnOnePort()
        defer { allowed.stop(); refused.stop() }
        allowed.route("/") { _ in .redirect(to: "http://\(target):\(refused.port)/secret") }
        let policy = Loopback.policy(allowing: ["127.0.0.2/32"])
        let error = await refusal(FetchRequest(url: allowed.baseURL + "/"), policy: policy)
        #expect(isAddressRefusal(error, reason: "loopback"), "got \(String(describing: error))")
        #expect(allowed.requestCount == 1)
        #expect(refused.requestCount == 0)
    }

    @Test("DNS rebinding: the same name is fetched while it resolves to the allowed address, refused once it resolves to 127.0.0.1")
    func rebinding() async throws {
        let (allowed, refused) = try Loopback.pairOnOnePort()
        defer { allowed.stop(); refused.stop() }
        allowed.route("/") { _ in .text("allowed") }
        refused.route("/") { _ in .text("secret") }
        let port = allowed.port
        let url = "http://rebind.example.com:\(port)/"
        let fetcher = GuardedFetcher(policy: Loopback.policy(allowing: ["127.0.0.2/32"]))

        let first = try await fetcher.fetch(FetchRequest(url: url, resolve: ["rebind.example.com:\(port):127.0.0.2"]))
        #expect(first.body == Array("allowed".utf8))

        let second = await error { try await fetcher.fetch(FetchRequest(url: url, resolve: ["rebind.example.com:\(port):127.0.0.1"])) }
        #expect(second as? FetchError == .refusedAddress(host: "rebind.example.com", address: "127.0.0.1", reason: "loopback"))

        // Several addresses in one answer: each is checked as curl tries it (nothing listens on .3).
        let third = await error {
            try await fetcher.fetch(FetchRequest(url: url, resolve: ["rebind.example.com:\(port):127.0.0.3,127.0.0.1"]))
        }
        #expect(isAddressRefusal(third as? FetchError, reason: "loopback"), "got \(String(describing: third))")

        #expect(allowed.requestCount == 1)
        #expect(refused.requestCount == 0)
    }

    @Test("a port outside 80 and 443 is refused on a public address, literal or behind a name")
    func refusedPort() async {
        let literal = await refusal(FetchRequest(url: "http://93.184.216.34:8080/"))
        #expect(literal == .refusedPort(8080))
        let named = await refusal(FetchRequest(
            url: "http://shop.example.com:6379/", resolve: ["shop.example.com:6379:93.184.216.34"]))
        #expect(named == .refusedPort(6379))
    }

    @Test("the unspecified address 0.0.0.0, which Linux connects to this host, is refused")
    func unspecified() async throws {
        let server = try ScriptedHTTPServer()
        defer { server.stop() }
        let error = await refusal(FetchRequest(url: "http://0.0.0.0:\(server.port)/"))
        #expect(isAddressRefusal(error, reason: "\"this network\""), "got \(String(describing: error))")
        #expect(server.requestCount == 0)
    }
}
