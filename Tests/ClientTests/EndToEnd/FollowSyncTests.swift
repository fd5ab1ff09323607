import Foundation
import SatchelFetch
import SatchelShared
import SatchelTestSupport
import Testing
@testable import SatchelClient
@testable import SatchelServer
@testable import SatchelStores

/// Follows end to end over loopback: a feed served by a test site, a real server whose poller polls it through
/// the guarded fetcher (loopback allowed), and a reader's two machines syncing over libcurl.
@Suite("Follow a feed, read its posts on every machine")
struct FollowSyncTests {
    /// A server with a running poller (woken by follows and checks; its tick is long so only wakes drive it).
    static func run(_ body: @Sendable (TwoMachines, FeedPoller, FeedSite) async throws -> Void) async throws {
        let site = try FeedSite(entries: 5)
        defer { site.stop() }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-follow-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var polling = FeedPollingSettings()
        polling.hostInterval = .zero
        polling.tick = .seconds(3_600)
        let dependencies = ServerDependencies(
            store: try SQLiteStore(path: path), passwords: PasswordHasher(cost: 4),
            captureFetcher: GuardedFetcher(policy: FeedSite.policy), feedPolling: polling)
        let poller = FeedPoller(dependencies: dependencies)
        try await TestSatchelServer.run(dependencies: dependencies, services: [poller]) { baseURL in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-follow-e2e-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let account = try await SatchelAPI(transport: CurlTransport(baseURL: baseURL))
                .register(username: "reader", password: "correct horse", email: "r@example.com")
            let apiA = SatchelAPI(transport: CurlTransport(baseURL: baseURL), token: account.token)
            let apiB = SatchelAPI(transport: CurlTransport(baseURL: baseURL), token: account.token)
            let a = try LocalStore(path: directory.appendingPathComponent("machine-a.sqlite").path, server: apiA)
            let b = try LocalStore(path: directory.appendingPathComponent("machine-b.sqlite").path, server: apiB)
            try await body(
                TwoMachines(a: a, b: b, api: apiA, baseURL: baseURL, dependencies: dependencies, directory: directory), poller, site)
        }
    }

    /// Waits (at most 30 s) until the poller's counts satisfy `condition`.
    static func waitFor(_ poller: FeedPoller, _ condition: (FeedPollStatistics.Counts) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition(poller.statistics.counts) {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for the poller; counts: \(poller.statistics.counts)")
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func followed(_ store: LocalStore) throws -> [SavedArticle] {
        try store.articles().map(\.value).filter { !$0.deleted && $0.tags.contains("Loopback Journal") }
            .sorted { $0.url < $1.url }
    }

    @Test("follow, poll, captured on two machines; a republished entry once; a 304 costs no parse; unfollow everywhere")
    func followEndToEnd() async throws {
        try await Self.run { machines, poller, site in
            // 1. Follow the site by its home page: discovery finds the feed; the server checks it at once.
            let status = try await machines.api.follow(FollowRequest(target: site.url("/")))
            #expect(status.follow.kind == .feed)
            #expect(status.follow.name == "Loopback Journal")
            #expect(status.feedUrl == site.url("/feed.atom"))
            // 2. The poller checks it: only the latest three of five entries arrive, captured.
            try await Self.waitFor(poller) { $0.delivered >= 3 && $0.checks >= 1 }
            try await machines.a.sync()
            try await machines.b.sync()
            for store in [machines.a, machines.b] {
                let articles = try Self.followed(store)
                #expect(articles.map(\.url) == ["/posts/3", "/posts/4", "/posts/5"].map { site.url($0) })
                #expect(articles.allSatisfy { $0.captureStatus == .captured })
                #expect(articles.first?.title == "Post 3")
                #expect(try store.follows().map(\.target) == [site.url("/feed.atom")])
            }
            // 3. A new entry, and an old one republished under a new id with a tracking parameter.
            site.addEntry(title: "Post 6")
            site.republish(path: "/posts/4")
            _ = try await machines.api.checkFollow(status.follow.id)
            try await Self.waitFor(poller) { $0.checks >= 2 && $0.delivered >= 4 }
            try await machines.a.sync()
            try await machines.b.sync()
            for store in [machines.a, machines.b] {
                #expect(try Self.followed(store).map(\.url) == ["/posts/3", "/posts/4", "/posts/5", "/posts/6"].map { site.url($0) })
            }
            // 4. Nothing changed: the site answers 304 and nothing is parsed.
            let parses = poller.statistics.counts.parses
            let feedRequests = site.requests(to: "/feed.atom")
            _ = try await machines.api.checkFollow(status.follow.id)
            try await Self.waitFor(poller) { $0.notModified >= 1 }
            #expect(poller.statistics.counts.parses == parses)
            #expect(site.requests(to: "/feed.atom") == feedRequests + 1)
            let listed = try #require(try await machines.api.follows().follows.first)
            #expect(listed.itemCount == 4)
            #expect(listed.lastError == nil)
            #expect(listed.lastCheckedAt != nil)
            #expect(try #require(listed.nextCheckAt) > Date())
            // 5. Unfollow on B: the server stops polling for this account, and A loses the follow too.
            try machines.b.unfollow(status.follow.id)
            try await machines.b.sync()
            try await machines.a.sync()
            #expect(try machines.a.follows().isEmpty)
            let userId = try await machines.api.me().id
            #expect(try await machines.dependencies.feeds.followedFeeds(userId: userId).isEmpty)
            #expect(try await machines.api.follows().follows.isEmpty)
        }
    }

    @Test("following a site twice is one follow; an address with no feed, or a refused one, follows nothing")
    func badTargets() async throws {
        try await Self.run { machines, _, site in
            let first = try await machines.api.follow(FollowRequest(target: site.url("/feed.atom")))
            let again = try await machines.api.follow(FollowRequest(target: site.url("/")))
            #expect(again.follow.id == first.follow.id)
            await #expect(throws: TransportError.self) {
                _ = try await machines.api.follow(FollowRequest(target: site.url("/posts/1")))
            }
            await #expect(throws: TransportError.self) {
                _ = try await machines.api.follow(FollowRequest(target: "http://169.254.169.254/latest/meta-data/"))
            }
            await #expect(throws: TransportError.self) {
                _ = try await machines.api.follow(FollowRequest(target: "nobody-by-this-name"))
            }
            #expect(try await machines.api.follows().follows.count == 1)
        }
    }
}

/// Follows of an author of this server: a post published arrives on the follower's machines in live mode.
@Suite("Follow an author here")
struct FollowAuthorTests {
    @Test("an author publishes; the follower's two machines in live mode get the post without syncing")
    func publishedPostArrivesLive() async throws {
        try await TwoMachines.run { machines in
            let anonymous = SatchelAPI(transport: CurlTransport(baseURL: machines.baseURL))
            let account = try await anonymous.register(username: "writer", password: "correct horse", email: "w@example.com")
            _ = try await machines.dependencies.accounts.setRole(.author, forUser: account.user.id)
            let writer = SatchelAPI(transport: CurlTransport(baseURL: machines.baseURL), token: account.token)
            let follow = try await machines.api.follow(FollowRequest(target: "writer"))
            #expect(follow.follow.kind == .author)
            #expect(follow.follow.name == "writer")
            let configuration = BackgroundSync.Configuration(
                delayAfterChange: .seconds(3600), live: .init(waitSeconds: 30, fallbackInterval: 3600))
            let liveA = BackgroundSync(store: machines.a, configuration: configuration)
            let liveB = BackgroundSync(store: machines.b, configuration: configuration)
            try await BackgroundSyncTests.running(liveA) {
                try await BackgroundSyncTests.running(liveB) {
                    try await eventually("both machines' long-polls wait") { machines.dependencies.liveFeed.waitingCount == 2 }
                    let started = ContinuousClock.now
                    let post = try await writer.createPost(CreatePostRequest(title: "Fresh from the press", body: "News today."))
                    for store in [machines.a, machines.b] {
                        let articles = try await BackgroundSyncTests.first(store.observeArticles()) { $0.contains { $0.value.postId == post.id } }
                        let article = try #require(articles.first { $0.value.postId == post.id }?.value)
                        #expect(article.title == "Fresh from the press")
                        #expect(article.tags == ["writer"])
                        #expect(article.url.hasSuffix("/posts/\(post.slug)"))
                    }
                    // No timing assertion (a loaded test machine says nothing about latency): the figure is printed,
                    // and it is the live loop's own latency (`make bench-live`) plus one push per follower.
                    print("FOLLOW author post on both machines in \(ContinuousClock.now - started)")
                }
            }
            // A draft published later arrives too; the author's own posts never reach the author.
            let draft = try await writer.createPost(CreatePostRequest(title: "Draft", body: "Later.", status: .draft))
            try await machines.a.sync()
            #expect(try machines.a.articles().allSatisfy { $0.value.postId != draft.id })
        }
    }
}
