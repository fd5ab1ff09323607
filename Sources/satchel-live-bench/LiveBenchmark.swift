import Foundation
import SatchelServer
import SatchelStores

/// `satchel-live-bench WRITES WAITERS STREAMS`: live-sync latency (write on machine A to visible on machine B,
/// p50/p99 over WRITES writes) on SQLite (one server process), an author's post reaching a follower's machine in
/// live mode (WRITES / 10 posts), and on PostgreSQL (A and B on two server
/// processes over one database, when `SATCHEL_TEST_POSTGRES_URL` names a server), one server
/// process's memory with WAITERS long-polls waiting at once, and its memory before, during and a minute
/// after a storm of STREAMS event streams (``StreamStorm``; `satchel-live-bench storm STREAMS` runs only that).
@main
enum LiveBenchmark {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "serve", arguments.count >= 2 {
            try await LiveBenchServer.serve(database: arguments[1], trimMemory: !arguments.contains("--no-memory-trim"))
            return
        }
        if arguments.first == "storm" {
            try await StreamStorm.runBoth(streams: arguments.dropFirst().first.flatMap(Int.init) ?? 10_000)
            return
        }
        let writes = arguments.first.flatMap(Int.init) ?? 1_000
        let waiters = arguments.dropFirst().first.flatMap(Int.init) ?? 2_000
        let streams = arguments.dropFirst(2).first.flatMap(Int.init) ?? 10_000
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-live-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        print("Live sync, release build: \(writes) writes on machine A, each timed until visible on machine B")
        let floor = try DiskSyncFloor.measure(in: directory)
        print(String(format: "One durable commit on this disk (fdatasync of a 4 KiB append): p50 %.2f ms, p99 %.2f ms", floor.p50, floor.p99))
        let sqlite = try LiveBenchServerProcess.start(database: directory.appendingPathComponent("latency.sqlite").path)
        let onSQLite = try await LatencyRun(serverA: sqlite.baseURL, serverB: sqlite.baseURL, writes: writes).run()
        sqlite.stop()
        report("SQLite, one server process", onSQLite, target: Self.sqliteTarget, floor: floor)

        let publishing = try LiveBenchServerProcess.start(database: directory.appendingPathComponent("follow.sqlite").path)
        let followLatencies = try await FollowLatencyRun(server: publishing.baseURL, posts: max(1, writes / 10)).run()
        publishing.stop()
        report("An author's post on a follower's machine, SQLite", followLatencies, target: Self.followTarget, floor: floor)

        if let url = ProcessInfo.processInfo.environment["SATCHEL_TEST_POSTGRES_URL"], !url.isEmpty {
            var server = try PostgresStoreConfiguration(url: url)
            server.tls = .disable
            let name = "live_bench_\(UInt32.random(in: 0...UInt32.max))"
            _ = try await PostgresStore.createDatabase(named: name, on: server)
            let database = Self.url(replacingDatabaseOf: url, with: name)
            let first = try LiveBenchServerProcess.start(database: database)
            let second = try LiveBenchServerProcess.start(database: database)
            let onPostgres = try await LatencyRun(serverA: first.baseURL, serverB: second.baseURL, writes: writes).run()
            first.stop()
            second.stop()
            report("PostgreSQL, A and B on two processes", onPostgres, target: Self.postgresTarget, floor: floor)
        } else {
            print("PostgreSQL: skipped (SATCHEL_TEST_POSTGRES_URL is not set; run through scripts/with-postgres.sh)")
        }

        let flooded = try LiveBenchServerProcess.start(database: directory.appendingPathComponent("flood.sqlite").path)
        let flood = try await WaiterFlood(server: flooded, count: waiters).run()
        flooded.stop()
        let idle = String(format: "%.1f MB", flood.idleMegabytes), waiting = String(format: "%.1f MB", flood.waitingMegabytes)
        print("Server RSS: \(idle) idle, \(waiting) with \(waiters) long-polls waiting "
            + "(\(flood.heldBeforePush) held until the push, \(flood.answeredAfterPush) answered by it)")
        let control = try LiveBenchServerProcess.start(database: directory.appendingPathComponent("control.sqlite").path)
        let connections = try await WaiterFlood(server: control, count: waiters).idleConnections()
        control.stop()
        let perWaiter = (flood.waitingMegabytes - flood.idleMegabytes) * 1024 / Double(waiters)
        let perConnection = (connections.open - connections.idle) * 1024 / Double(waiters)
        print(String(
            format: "Per client: %.1f KB for a waiting long-poll; %.1f KB for an idle keep-alive connection "
                + "(%d connections that each asked for /health, on a fresh server process)", perWaiter, perConnection, waiters))
        let memoryOK = flood.waitingMegabytes < 100 && perWaiter <= 25
            && flood.heldBeforePush == waiters && flood.answeredAfterPush == waiters
        print("Target: \(waiters) waiting clients in < 100 MB RSS, <= 25 KB each: \(memoryOK ? "met" : "NOT met")")
        try await StreamStorm.runBoth(streams: streams)
    }

    /// The latency targets in milliseconds: (p50, p99).
    static let sqliteTarget = (p50: 3.0, p99: 10.0)
    static let postgresTarget = (p50: 5.0, p99: 15.0)
    /// An author's post reaching a follower's machine in live mode: within a second (the follows issue).
    static let followTarget = (p50: 1000.0, p99: 1000.0)

    /// Prints a run's percentiles against its targets; a target below one durable commit of this disk is named
    /// as out of reach while commits stay durable.
    static func report(_ name: String, _ latencies: [Double], target: (p50: Double, p99: Double), floor: DiskSyncFloor) {
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
        let met = percentile(0.5) <= target.p50 && percentile(0.99) <= target.p99
        func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
        var verdict = met ? "targets met" : "targets NOT met"
        if !met && target.p50 < floor.p50 {
            verdict += "; the p50 target is below one durable commit of this disk (\(ms(floor.p50)))"
        }
        print("\(name): p50 \(ms(percentile(0.5))), p99 \(ms(percentile(0.99))), max \(ms(sorted.last ?? 0)) "
            + "over \(sorted.count) writes; targets p50 <= \(ms(target.p50)), p99 <= \(ms(target.p99)) (\(verdict))")
    }

    /// `url` with its database name replaced.
    static func url(replacingDatabaseOf url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }
}
