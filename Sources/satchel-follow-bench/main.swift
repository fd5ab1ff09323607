import Foundation
import SatchelFetch
import SatchelLoopback
import SatchelServer
import SatchelShared
import SatchelStores
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `make bench-follow`: one reader follows FEEDS feeds served from loopback; each round, CHANGED of them (10% by
/// default) publish one new entry and the clock moves past every feed's interval, so every feed is due. A round
/// is the in-process server's poller checking all of them (conditional GET: the unchanged ones answer 304) and
/// capturing each new entry into the reader's reading list. Prints each round's wall time, CPU time, requests
/// to the site and items delivered per second, over SQLite (release build).
@main
struct FollowBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let feeds = arguments.first ?? 1_000
        let rounds = arguments.dropFirst().first ?? 5
        let changed = max(1, feeds / 10)
        let site = try BenchSite(feeds: feeds)
        defer { site.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-follow-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        let clock = BenchClock()
        var settings = FeedPollingSettings()
        settings.hostInterval = .zero  // every feed is on one loopback host
        settings.initialEntries = 0
        let dependencies = ServerDependencies(
            store: store, passwords: PasswordHasher(cost: 4), clock: { clock.now() },
            captureFetcher: GuardedFetcher(policy: FetchPolicy(allowedNetworks: [IPNetwork(cidr: "127.0.0.1/32")!]), maxConcurrent: 8),
            feedPolling: settings)
        let reader = try await dependencies.accounts.createUser(StoredUser(
            user: User(id: UUID(), username: "reader", displayName: "Reader", email: "r@example.com", role: .reader, createdAt: clock.now()),
            passwordHash: "x"))
        for index in 0..<feeds {
            _ = try await dependencies.feeds.subscribe(
                FeedSubscription(followId: UUID(), userId: reader.id, feedId: UUID(), name: "Feed \(index)", initialEntries: 0,
                                 createdAt: clock.now()),
                url: site.url(index), now: clock.now())
        }
        let poller = FeedPoller(dependencies: dependencies)
        print("follow benchmark: \(feeds) feeds on loopback, \(changed) changed per round, SQLite, poller batch \(settings.batch), \(settings.concurrency) at once")
        print("round   seconds   cpu s   requests   304s   parsed   items   items/s")
        var generator = SystemRandomNumberGenerator()
        for round in 0...rounds {
            if round > 0 {
                for index in (0..<feeds).shuffled(using: &generator).prefix(changed) { site.publish(index) }
            }
            clock.advance(25 * 3_600)  // past the longest interval (24 h): every feed is due
            let before = (poller.statistics.counts, site.requestCount, cpuSeconds())
            let started = ContinuousClock.now
            let checked = await poller.pollRound()
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let after = poller.statistics.counts
            let items = after.delivered - before.0.delivered
            let label = round == 0 ? "prime" : String(round)
            print(label.padding(toLength: 5, withPad: " ", startingAt: 0) + String(
                format: " %9.2f %7.2f %10d %6d %8d %7d %9.1f", seconds, cpuSeconds() - before.2, site.requestCount - before.1,
                after.notModified - before.0.notModified, after.parses - before.0.parses, items, Double(items) / seconds))
            if checked != feeds { print("  (checked \(checked) of \(feeds))") }
        }
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}

/// The clock the server runs on, moved forward a day a round so every feed is due.
final class BenchClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    func advance(_ seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}

/// FEEDS Atom feeds on loopback (`/feeds/N.atom`, each with an `ETag` and 304s) and their articles (`/posts/N/M`).
final class BenchSite: @unchecked Sendable {
    let server: ScriptedHTTPServer
    private let lock = NSLock()
    private var entries: [Int]

    init(feeds: Int) throws {
        server = try ScriptedHTTPServer(host: "127.0.0.1")
        entries = Array(repeating: 3, count: feeds)
        server.setFallback { [weak self] request in
            guard let self else { return .status(500) }
            let parts = request.path.split(separator: "/")
            if parts.count == 2, parts[0] == "feeds", let index = Int(parts[1].dropLast(5)) {
                let count = self.lock.withLock { self.entries[index] }
                let etag = "\"\(index)-\(count)\""
                if request.header("If-None-Match") == etag { return ScriptedHTTPServer.Response(status: 304, headers: [("ETag", etag)]) }
                return ScriptedHTTPServer.Response(
                    headers: [("Content-Type", "application/atom+xml"), ("ETag", etag)], body: Array(Self.feed(index, count).utf8))
            }
            if parts.count == 3, parts[0] == "posts" {
                return .text(Self.article(request.path), contentType: "text/html; charset=utf-8")
            }
            return .status(404)
        }
    }

    var requestCount: Int { server.requestCount }

    func url(_ index: Int) -> String { server.baseURL + "/feeds/\(index).atom" }

    func publish(_ index: Int) { lock.withLock { entries[index] += 1 } }

    func stop() { server.stop() }

    static func feed(_ index: Int, _ count: Int) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Feed \(index)</title>"
        for entry in stride(from: count, to: max(0, count - 10), by: -1) {
            let published = 1_796_652_000 + entry * 3_600
            text += "<entry><id>tag:bench,2026:\(index)/\(entry)</id><title>Entry \(entry) of feed \(index)</title>"
            text += "<link href=\"/posts/\(index)/\(entry)\"/><published>\(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(published))))</published>"
            text += "<summary>Entry \(entry).</summary></entry>"
        }
        return text + "</feed>"
    }

    static func article(_ path: String) -> String {
        let paragraph = "<p>" + String(repeating: "Satchel keeps the pages its readers follow, captured for reading offline. ", count: 8) + "</p>"
        return "<!doctype html><html><head><title>Article \(path)</title></head><body><article><h1>Article \(path)</h1>"
            + String(repeating: paragraph, count: 6) + "</article></body></html>"
    }
}
