import Foundation
import SatchelFeeds
import SatchelFetch
import SatchelLoopback
import SatchelShared
import SatchelTestSupport
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// Two server processes' pollers over one PostgreSQL database (each with its own pool, as two processes behind
/// a load balancer): every feed is fetched once per round, counted by the site that serves them.
@Suite("Feed polling over one PostgreSQL database")
struct FeedPollingScaleOutTests {
    /// A loopback site serving `/feeds/N.atom`, each a one-entry Atom feed with an `ETag` (and a 304 for it).
    static func feedSite() throws -> ScriptedHTTPServer {
        let server = try ScriptedHTTPServer(host: "127.0.0.1")
        server.setFallback { request in
            guard request.path.hasPrefix("/feeds/") else { return .status(404) }
            let etag = "\"\(request.path)\""
            if request.header("If-None-Match") == etag { return ScriptedHTTPServer.Response(status: 304, headers: [("ETag", etag)]) }
            let body = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>\(request.path)</title><entry><id>tag:x,1\(request.path)</id>"
                + "<title>One</title><link href=\"/posts\(request.path)\"/></entry></feed>"
            return ScriptedHTTPServer.Response(headers: [("Content-Type", "application/atom+xml"), ("ETag", etag)], body: Array(body.utf8))
        }
        return server
    }

    @Test("200 feeds, two processes: each round fetches every feed exactly once")
    func eachFeedOncePerRound() async throws {
        let site = try Self.feedSite()
        defer { site.stop() }
        let database = try await PostgresTestDatabase.makeDatabase(prefix: "p", poolSize: 8)
        let stores = [try await PostgresTestDatabase.makeStore(database), try await PostgresTestDatabase.makeStore(database)]
        let clock = ManualClock()
        var settings = FeedPollingSettings()
        settings.hostInterval = .zero
        settings.batch = 20
        let pollers = stores.map { store in
            FeedPoller(dependencies: ServerDependencies(
                store: store, clock: clock.function,
                captureFetcher: GuardedFetcher(policy: FetchPolicy(allowedNetworks: [IPNetwork(cidr: "127.0.0.1/32")!], totalTimeout: 10)),
                feedPolling: settings))
        }
        let feeds = 200
        for index in 0..<feeds {
            _ = try await stores[index % 2].subscribe(
                FeedSubscription(followId: UUID(), userId: UUID(), feedId: UUID(), name: "F\(index)", initialEntries: 1,
                                 createdAt: clock.now),
                url: site.baseURL + "/feeds/\(index).atom", now: clock.now)
        }
        for round in 1...2 {
            async let first = pollers[0].pollRound()
            async let second = pollers[1].pollRound()
            let (a, b) = await (first, second)
            #expect(a + b == feeds, "round \(round): \(a) + \(b) checks")
            var perFeed: [String: Int] = [:]
            for request in site.requests where request.path.hasPrefix("/feeds/") { perFeed[request.path, default: 0] += 1 }
            #expect(perFeed.count == feeds)
            #expect(perFeed.values.allSatisfy { $0 == round }, "round \(round): a feed fetched twice or not at all")
            clock.advance(FeedSchedule.maximumInterval + 60)
        }
        let counts = pollers.map(\.statistics.counts)
        #expect(counts.map(\.checks).reduce(0, +) == 2 * feeds)
        #expect(counts.map(\.notModified).reduce(0, +) == feeds, "the second round is all 304s")
        #expect(counts.map(\.parses).reduce(0, +) == feeds)
    }
}
