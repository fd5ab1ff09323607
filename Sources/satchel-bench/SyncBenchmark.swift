import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import SatchelServer
import ServiceLifecycle
import SatchelShared
import SatchelLoopback
import SatchelSync
import SatchelStores

/// `make bench`: for the SQLite store and, when a PostgreSQL server is given, the PostgreSQL store:
/// pushes mutations over HTTP to an in-process server, pulls them back, and prints mutations per
/// second each way with the process's memory, then both stores' figures side by side.
///
/// PostgreSQL is used when `SATCHEL_BENCH_POSTGRES_URL` (or `SATCHEL_TEST_POSTGRES_URL`, which
/// `scripts/with-postgres.sh` sets) names a server; the benchmark creates a fresh database on it.
@main
struct SyncBenchmark {
    static func main() async throws {
        let options = BenchOptions(arguments: CommandLine.arguments)
        let (total, batchSize) = (options.total, options.batchSize)
        var figures: [(store: String, connections: Int, figures: BenchFigures)] = []
        figures.append(("SQLite", options.connections, try await runSQLite(options)))
        if options.connections > 1 {
            // A single client pushing batch after batch, for comparison: nothing overlaps its round trips.
            var one = options
            one.connections = 1
            figures.append(("SQLite", 1, try await runSQLite(one)))
        }
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["SATCHEL_BENCH_POSTGRES_URL"] ?? environment["SATCHEL_TEST_POSTGRES_URL"] {
            figures.append(("PostgreSQL", options.connections, try await runPostgres(url: url, options)))
        } else {
            print("PostgreSQL: not run; set SATCHEL_BENCH_POSTGRES_URL, or run through scripts/with-postgres.sh")
        }
        print("")
        print("store        connections   push mutations/s   pull changes/s   (\(total) mutations, batches of \(batchSize))")
        for (store, connections, result) in figures {
            let name = store.padding(toLength: 12, withPad: " ", startingAt: 0)
            print(name + String(format: " %11d   %16.0f   %14.0f", connections, result.pushPerSecond, result.pullPerSecond))
        }
    }

    static func runSQLite(_ options: BenchOptions) async throws -> BenchFigures {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        return try await serve(store: store, services: [], prepare: {}) { client in
            try await run(client: client, store: "SQLite", options: options)
        }
    }

    static func runPostgres(url: String, _ options: BenchOptions) async throws -> BenchFigures {
        let server = try PostgresStoreConfiguration(url: url)
        let name = "satchel_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let configuration = try await PostgresStore.createDatabase(named: name, on: server)
        let store = PostgresStore(configuration: configuration)
        return try await serve(store: store, services: [store], prepare: { try await store.migrate() }) { client in
            try await run(client: client, store: "PostgreSQL", options: options)
        }
    }

    /// Serves `store` on a free loopback port while `body` runs with a client for it.
    static func serve<Store: SatchelStore>(
        store: Store, services: [any Service], prepare: @escaping @Sendable () async throws -> Void,
        _ body: @Sendable (BenchClient) async throws -> BenchFigures
    ) async throws -> BenchFigures {
        let dependencies = ServerDependencies(store: store, passwords: PasswordHasher(cost: 4))
        return try await LoopbackServer.run({ onServerRunning in
            try await SatchelApplication.make(
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0), dependencies: dependencies,
                services: services, beforeServerStarts: prepare, onServerRunning: onServerRunning)
        }) { port in
            let client = BenchClient(base: "http://127.0.0.1:\(port)")
            let figures: BenchFigures
            do {
                figures = try await body(client)
            } catch {
                try? await client.http.shutdown()
                throw error
            }
            try await client.http.shutdown()
            return figures
        }
    }

    static func run(client: BenchClient, store: String, options: BenchOptions) async throws -> BenchFigures {
        let total = options.total
        // One reader account per connection, each pushing its share of the batches in order, as
        // several readers' devices catching up at once would.
        var tokens: [String] = []
        for _ in 0..<options.connections { tokens.append(try await client.register()) }
        print("Satchel sync benchmark: \(total) mutations, batches of \(options.batchSize), "
              + "\(options.connections) connection(s), one reader each, \(options.randomIds ? "random" : "time-ordered") ids, "
              + "\(store) store, HTTP over loopback")
        // The request bodies are built before the clock starts: the figure is the server's, not the
        // benchmark's own encoding.
        let bodies = pushBodies(options)
        let pushStart = ContinuousClock.now
        let pushCPUStart = ProcessCPU.seconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            let readers = tokens
            for (connection, token) in readers.enumerated() {
                group.addTask {
                    for index in stride(from: connection, to: bodies.count, by: readers.count) {
                        let results = try await client.push(body: bodies[index].data, token: token)
                        guard results.count == bodies[index].count, results.allSatisfy({ $0.status == .applied }) else {
                            throw BenchError("push returned unexpected results")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let pushSeconds = seconds(since: pushStart)
        let pushCPU = ProcessCPU.seconds() - pushCPUStart
        let rssAfterPush = ProcessMemory.residentMegabytes()
        // CPU time covers server and benchmark client alike: they share the machine.
        print(String(format: "push: %d mutations in %.2f s = %.0f mutations/s (CPU %.0f µs per mutation, RSS %.0f MB)",
                     total, pushSeconds, Double(total) / pushSeconds, pushCPU * 1e6 / Double(total), rssAfterPush))

        let pullStart = ContinuousClock.now
        var received = 0
        var pages = 0
        var rssMidway = 0.0
        for token in tokens {
            var cursor: String?
            var lastVersion = 0
            repeat {
                let page = try await client.pull(cursor: cursor, token: token)
                for change in page.changes {
                    // Each reader's feed: every version once, in order, no gaps.
                    guard change.version == lastVersion + 1 else {
                        throw BenchError("feed went from version \(lastVersion) to \(change.version)")
                    }
                    lastVersion = change.version
                }
                received += page.changes.count
                cursor = page.cursor
                pages += 1
                if pages == 10 { rssMidway = ProcessMemory.residentMegabytes() }
                if !page.hasMore { break }
            } while true
        }
        let pullSeconds = seconds(since: pullStart)
        guard received == total else { throw BenchError("pulled \(received) changes, expected \(total)") }
        print(String(format: "pull: %d changes in %d pages in %.2f s = %.0f changes/s (RSS after 10 pages %.0f MB, at end %.0f MB, peak %.0f MB)",
                     received, pages, pullSeconds, Double(received) / pullSeconds, rssMidway,
                     ProcessMemory.residentMegabytes(), ProcessMemory.peakMegabytes()))
        return BenchFigures(pushPerSecond: Double(total) / pushSeconds, pullPerSecond: Double(received) / pullSeconds)
    }

    /// Every push request body of the run: new saved articles, as a reader's devices would send them.
    static func pushBodies(_ options: BenchOptions) -> [(data: Data, count: Int)] {
        var clock = HybridLogicalClock(node: "bench")
        var bodies: [(data: Data, count: Int)] = []
        var sent = 0
        while sent < options.total {
            let count = min(options.batchSize, options.total - sent)
            let mutations = (0..<count).map { index in
                Mutation(
                    id: options.randomIds ? UUID() : .timeOrdered(), entity: .savedArticle,
                    recordId: options.randomIds ? UUID() : .timeOrdered(), op: .create,
                    hlc: clock.now(physicalMillis: Date().millis), fields: [
                    "url": FieldChange(base: nil, value: .string("https://example.com/articles/\(sent + index)")),
                    "title": FieldChange(base: nil, value: .string("Article \(sent + index)")),
                    "tags": FieldChange(base: nil, value: .array([.string("bench")])),
                ])
            }
            bodies.append((PushRequest(clientId: "bench", mutations: mutations).encodedData(), count))
            sent += count
        }
        return bodies
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// The command line: `satchel-bench [mutations] [batch size] [connections] [--random-ids]`.
struct BenchOptions: Sendable {
    var total = 100_000
    var batchSize = 500
    /// Pushes in flight at once, one reader account per connection.
    var connections = 4
    /// Random (version 4) record and mutation ids, as a client other than Satchel's might send, instead
    /// of the time-ordered (version 7) ids Satchel's client mints.
    var randomIds = false

    init(arguments: [String]) {
        let numbers = arguments.dropFirst().filter { !$0.hasPrefix("--") }.map { Int($0) }
        if numbers.count > 0, let value = numbers[0], value > 0 { total = value }
        if numbers.count > 1, let value = numbers[1], value > 0 { batchSize = value }
        if numbers.count > 2, let value = numbers[2], value > 0 { connections = value }
        randomIds = arguments.contains("--random-ids")
    }
}

/// One store's throughput.
struct BenchFigures: Sendable {
    let pushPerSecond: Double
    let pullPerSecond: Double
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
