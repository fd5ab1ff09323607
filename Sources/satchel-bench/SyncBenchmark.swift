import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import Server
import ServiceLifecycle
import Shared

/// `make bench`: for the SQLite store and, when a PostgreSQL server is given, the PostgreSQL store:
/// pushes mutations over HTTP to an in-process server, pulls them back, and prints mutations per
/// second each way with the process's memory, then both stores' figures side by side.
///
/// PostgreSQL is used when `SATCHEL_BENCH_POSTGRES_URL` (or `SATCHEL_TEST_POSTGRES_URL`, which
/// `scripts/with-postgres.sh` sets) names a server; the benchmark creates a fresh database on it.
@main
struct SyncBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments
        let total = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
        let batchSize = arguments.count > 2 ? Int(arguments[2]) ?? 500 : 500
        var figures: [(store: String, figures: BenchFigures)] = []
        figures.append(("SQLite", try await runSQLite(total: total, batchSize: batchSize)))
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["SATCHEL_BENCH_POSTGRES_URL"] ?? environment["SATCHEL_TEST_POSTGRES_URL"] {
            figures.append(("PostgreSQL", try await runPostgres(url: url, total: total, batchSize: batchSize)))
        } else {
            print("PostgreSQL: not run; set SATCHEL_BENCH_POSTGRES_URL, or run through scripts/with-postgres.sh")
        }
        print("")
        print("store        push mutations/s   pull changes/s   (\(total) mutations, batches of \(batchSize))")
        for (store, result) in figures {
            let name = store.padding(toLength: 12, withPad: " ", startingAt: 0)
            print(name + String(format: " %16.0f   %14.0f", result.pushPerSecond, result.pullPerSecond))
        }
    }

    static func runSQLite(total: Int, batchSize: Int) async throws -> BenchFigures {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        return try await serve(store: store, services: [], prepare: {}) { client in
            try await run(client: client, store: "SQLite", total: total, batchSize: batchSize)
        }
    }

    static func runPostgres(url: String, total: Int, batchSize: Int) async throws -> BenchFigures {
        let server = try PostgresStoreConfiguration(url: url)
        let name = "satchel_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let configuration = try await PostgresStore.createDatabase(named: name, on: server)
        let store = PostgresStore(configuration: configuration)
        return try await serve(store: store, services: [store], prepare: { try await store.migrate() }) { client in
            try await run(client: client, store: "PostgreSQL", total: total, batchSize: batchSize)
        }
    }

    /// Serves `store` on a free loopback port while `body` runs with a client for it.
    static func serve<Store: SatchelStore>(
        store: Store, services: [any Service], prepare: @escaping @Sendable () async throws -> Void,
        _ body: @Sendable (BenchClient) async throws -> BenchFigures
    ) async throws -> BenchFigures {
        let dependencies = ServerDependencies(store: store, passwords: PasswordHasher(cost: 4))
        let port = PortBox()
        let app = try await SatchelApplication.make(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), dependencies: dependencies,
            services: services, beforeServerStarts: prepare,
            onServerRunning: { channel in port.set(channel.localAddress?.port ?? 0) })
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            while port.value == 0 { try await Task.sleep(for: .milliseconds(20)) }
            let client = BenchClient(base: "http://127.0.0.1:\(port.value)")
            let figures: BenchFigures
            do {
                figures = try await body(client)
            } catch {
                try? await client.http.shutdown()
                group.cancelAll()
                throw error
            }
            try await client.http.shutdown()
            group.cancelAll()
            return figures
        }
    }

    static func run(client: BenchClient, store: String, total: Int, batchSize: Int) async throws -> BenchFigures {
        let token = try await client.register()
        print("Satchel sync benchmark: \(total) mutations, batches of \(batchSize), \(store) store, HTTP over loopback")
        var clock = HybridLogicalClock(node: "bench")
        let pushStart = ContinuousClock.now
        var sent = 0
        while sent < total {
            let count = min(batchSize, total - sent)
            let mutations = (0..<count).map { index in
                Mutation(entity: .savedArticle, recordId: UUID(), op: .create,
                         hlc: clock.now(physicalMillis: Int64(Date().timeIntervalSince1970 * 1000)), fields: [
                    "url": FieldChange(base: nil, value: .string("https://example.com/articles/\(sent + index)")),
                    "title": FieldChange(base: nil, value: .string("Article \(sent + index)")),
                    "tags": FieldChange(base: nil, value: .array([.string("bench")])),
                ])
            }
            let results = try await client.push(PushRequest(clientId: "bench", mutations: mutations), token: token)
            guard results.count == count, results.allSatisfy({ $0.status == .applied }) else {
                throw BenchError("push returned unexpected results")
            }
            sent += count
        }
        let pushSeconds = seconds(since: pushStart)
        let rssAfterPush = ProcessMemory.residentMegabytes()
        print(String(format: "push: %d mutations in %.2f s = %.0f mutations/s (RSS %.0f MB)",
                     total, pushSeconds, Double(total) / pushSeconds, rssAfterPush))

        let pullStart = ContinuousClock.now
        var received = 0
        var cursor: String?
        var pages = 0
        var rssMidway = 0.0
        repeat {
            let page = try await client.pull(cursor: cursor, token: token)
            received += page.changes.count
            cursor = page.cursor
            pages += 1
            if pages == 10 { rssMidway = ProcessMemory.residentMegabytes() }
            if !page.hasMore { break }
        } while true
        let pullSeconds = seconds(since: pullStart)
        guard received == total else { throw BenchError("pulled \(received) changes, expected \(total)") }
        print(String(format: "pull: %d changes in %d pages in %.2f s = %.0f changes/s (RSS after 10 pages %.0f MB, at end %.0f MB, peak %.0f MB)",
                     received, pages, pullSeconds, Double(received) / pullSeconds, rssMidway,
                     ProcessMemory.residentMegabytes(), ProcessMemory.peakMegabytes()))
        return BenchFigures(pushPerSecond: Double(total) / pushSeconds, pullPerSecond: Double(received) / pullSeconds)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// One store's throughput.
struct BenchFigures: Sendable {
    let pushPerSecond: Double
    let pullPerSecond: Double
}

/// The port the in-process server bound, set from its start-up callback.
final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var port = 0
    var value: Int { lock.withLock { port } }
    func set(_ value: Int) { lock.withLock { port = value } }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
