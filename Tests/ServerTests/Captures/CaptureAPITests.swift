import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelFetch
import SatchelLoopback
import SatchelShared
import SatchelTestSupport
import Testing
@testable import SatchelServer

/// `POST /v1/captures`: the server captures a page into the caller's reading list through the guarded
/// fetcher, over real HTTP to loopback sites.
@Suite("Capture API")
struct CaptureAPITests {
    static func allowing(_ site: CaptureSite) -> GuardedFetcher { GuardedFetcher(policy: site.policy) }

    @Test("a URL is captured: the article is in the caller's feed, its files are the caller's blobs; again is 200", arguments: StoreKind.allCases)
    func capturesURL(kind: StoreKind) async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await LiveServer.run(kind: kind, captureFetcher: Self.allowing(site)) { server in
            let (_, token) = try await server.register("reader")
            let created = try await server.send(.post, "/v1/captures", json: CaptureRequest(url: site.url("/harbour")), token: token)
            #expect(created.status == .created, "\(created.bodyText)")
            let response = try created.decode(CaptureResponse.self)
            let article = response.article
            #expect(!response.alreadySaved && response.failedImages == 1)
            #expect(article.title == "The Quiet Harbour" && article.captureStatus == .captured)
            #expect(article.attachments.count == 3)
            #expect(try await server.blobUsage(token: token).count == 3)
            let pulled = try await server.pullPage(token: token)
            #expect(pulled.changes.map(\.recordId).contains(article.id))

            let again = try await server.send(
                .post, "/v1/captures", json: CaptureRequest(url: site.url("/harbour?utm_medium=email#top")), token: token)
            #expect(again.status == .ok)
            #expect(try again.decode(CaptureResponse.self).alreadySaved)
            #expect(try again.decode(CaptureResponse.self).article.id == article.id)
        }
    }

    @Test("with the page's HTML the server fetches only its images")
    func capturesGivenHTML() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await LiveServer.run(captureFetcher: Self.allowing(site)) { server in
            let (_, token) = try await server.register("reader")
            let html = CaptureSite.article(title: "Behind the Paywall", images: [site.images.baseURL + "/a.png"])
            let created = try await server.send(
                .post, "/v1/captures", json: CaptureRequest(url: site.url("/members/story"), html: html), token: token)
            #expect(created.status == .created, "\(created.bodyText)")
            let article = try created.decode(CaptureResponse.self).article
            #expect(article.title == "Behind the Paywall" && article.attachments.count == 2)
            #expect(site.site.requestCount == 0)
            #expect(site.images.requestCount == 1)
        }
    }

    @Test("a site's refusal keeps the article with its reason")
    func failureIsKept() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await LiveServer.run(captureFetcher: Self.allowing(site)) { server in
            let (_, token) = try await server.register("reader")
            let created = try await server.send(.post, "/v1/captures", json: CaptureRequest(url: site.url("/forbidden")), token: token)
            #expect(created.status == .created)
            let article = try created.decode(CaptureResponse.self).article
            #expect(article.captureStatus == .failed && article.captureError.contains("403"))
        }
    }

    @Test("the SSRF list with the default rules: 403, nothing saved, the target gets no request")
    func refusesPrivateAddresses() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        let port = site.site.port
        try await LiveServer.run { server in
            let (_, token) = try await server.register("reader")
            for url in [
                "http://localhost:\(port)/harbour", "http://127.1:\(port)/harbour", "http://0x7f000001:\(port)/harbour",
                "http://2130706433:\(port)/harbour", "http://[::1]:\(port)/harbour", "http://[::ffff:127.0.0.1]:\(port)/harbour",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[fd00::1]/",
            ] {
                let response = try await server.send(.post, "/v1/captures", json: CaptureRequest(url: url), token: token)
                #expect(response.status == .forbidden, "\(url): \(response.bodyText)")
                #expect(response.bodyText.contains("capture-refused"), "\(url)")
            }
            #expect(try await server.pullPage(token: token).changes.isEmpty)
            #expect(site.site.requestCount == 0)
        }
    }

    @Test("a redirect from an allowed host to a refused one is refused at that hop")
    func refusesRedirectHop() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        site.images.route("/jump") { _ in .redirect(to: site.url("/harbour")) }
        let onlyImageHost = GuardedFetcher(policy: FetchPolicy(allowedNetworks: [IPNetwork(cidr: "127.0.0.2/32")!]))
        try await LiveServer.run(captureFetcher: onlyImageHost) { server in
            let (_, token) = try await server.register("reader")
            let response = try await server.send(
                .post, "/v1/captures", json: CaptureRequest(url: site.images.baseURL + "/jump"), token: token)
            #expect(response.status == .forbidden, "\(response.bodyText)")
            #expect(site.images.requestCount == 1)
            #expect(site.site.requestCount == 0)
        }
    }

    @Test("bad requests: no token, wrong type, no URL, another scheme, NUL in the HTML")
    func badRequests() async throws {
        try await LiveServer.run { server in
            let (_, token) = try await server.register("reader")
            #expect(try await server.send(.post, "/v1/captures", json: CaptureRequest(url: "https://example.com/")).status == .unauthorized)
            let wrongType = try await server.send(
                .post, "/v1/captures", token: token, headers: [.contentType: "text/plain"])
            #expect(wrongType.status == .unsupportedMediaType)
            for raw in [#"{}"#, #"{"url": "ftp://example.com/x"}"#, #"{"url": "not a url"}"#,
                        #"{"url": "https://example.com/", "html": "<p>\u0000</p>"}"#, #"{"url": 5}"#] {
                let response = try await server.send(.post, "/v1/captures", raw: raw, token: token)
                #expect(response.status == .unprocessableContent || response.status == .badRequest, "\(raw): \(response.status)")
            }
            #expect(try await server.pullPage(token: token).changes.isEmpty)
        }
    }
}

extension LiveServer {
    /// The caller's first page of the sync feed.
    func pullPage(token: String) async throws -> PullResponse {
        let response = try await send(.get, "/v1/sync/pull?limit=1000", token: token)
        #expect(response.status == .ok)
        return try PullResponse.decode(Data(buffer: response.body))
    }
}
