import Foundation
import SatchelProcess
import SatchelClient
import SatchelFetch
import SatchelPageCapture
import SatchelShared
import Synchronization

/// `satchel-capture-sync-bench SERVER_URL SERVER_PID PAGES_DIR`: captures every corpus page (served from
/// loopback with its images) on machine A, once one page at a time and once four at a time, syncs A, then
/// runs a second machine's first sync with every attachment; prints time, bytes on the wire against the
/// pages' and images' size, and peak RSS. Run by scripts/bench-capture-sync.sh.
@main
struct CaptureSyncBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 4, let serverPID = Int32(arguments[2]) else {
            throw BenchError("usage: satchel-capture-sync-bench SERVER_URL SERVER_PID PAGES_DIR")
        }
        try await run(baseURL: arguments[1], serverPID: serverPID, pages: arguments[3])
    }

    static func run(baseURL: String, serverPID: Int32, pages: String) async throws {
        let site = try CorpusSite(directory: pages)
        defer { site.server.stop() }
        let work = NSTemporaryDirectory() + "satchel-capture-sync-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let anonymous = SatchelAPI(transport: CurlTransport(baseURL: baseURL))
        func register() async throws -> String {
            try await anonymous.register(
                username: "capture\(UInt32.random(in: 0...UInt32.max))", password: "capture benchmark",
                email: "bench@example.com").token
        }
        func machine(_ name: String, token: String, counter: TrafficCounter? = nil) throws -> LocalStore {
            let curl = CurlTransport(baseURL: baseURL, configuration: .init(totalTimeout: 600))
            let transport: any HTTPTransport = counter.map { CountingTransport(curl, counter: $0) } ?? curl
            return try LocalStore(
                path: "\(work)/\(name).sqlite", server: SatchelAPI(transport: transport, token: token),
                fsyncEveryCommit: false, fileCacheBudget: 4 << 30)
        }
        let fetcher = GuardedFetcher(policy: FetchPolicy(allowedNetworks: [IPNetwork(cidr: "127.0.0.0/8")!]), maxConcurrent: 8)
        say("\(site.names.count) pages, \(megabytes(site.pageBytes)) MB of HTML (load average \(loadAverage()))")

        // One page at a time, then four at a time, each into a reader of its own.
        let serial = try machine("serial", token: try await register())
        let one = try await capture(site, into: serial, fetcher: fetcher, parallel: 1)
        let token = try await register()
        let a = try machine("a", token: token)
        let servedBefore = site.bytesServed
        let clientBefore = ProcessMemory.residentMegabytes()
        let four = try await capture(site, into: a, fetcher: fetcher, parallel: 4)
        let fetchedBytes = site.bytesServed - servedBefore
        say(String(format: "capture: 1 at a time %.1f pages/s (%.1f s), 4 at a time %.1f pages/s (%.1f s), %.2fx; "
                     + "%d captured, %d failed, %d images kept",
                     Double(site.names.count) / one.seconds, one.seconds, Double(site.names.count) / four.seconds,
                     four.seconds, one.seconds / four.seconds, four.captured, four.failed, four.images))
        for failure in four.failures { say("  not captured: \(failure)") }

        let server = MemorySampler(pid: serverPID)
        let upload = try await server.measure { try await a.sync() }
        // One file per digest: pages that share an image share its file.
        let attachments = Dictionary(try a.articles().flatMap(\.value.attachments).map { ($0.digest, $0) }, uniquingKeysWith: { first, _ in first })
            .values.map { $0 }
        let storedBytes = attachments.reduce(0) { $0 + Int($1.size) }
        let imageBytes = attachments.filter { $0.mediaType.hasPrefix("image/") }.reduce(0) { $0 + Int($1.size) }
        say(String(format: "machine A sync: %.2f s, %d files (%@ MB: %@ MB readable copies, %@ MB images); server RSS growth %.0f MB",
                     upload.seconds, attachments.count, megabytes(storedBytes), megabytes(storedBytes - imageBytes),
                     megabytes(imageBytes), upload.growthMegabytes))

        let counter = TrafficCounter()
        let b = try machine("b", token: token, counter: counter)
        let first = try await server.measure { try await b.sync() }
        let wire = counter.bytes
        say(String(format: "machine B first sync: %.2f s, %d records, %d files fetched (%d pending); %@ MB on the wire "
                     + "for %@ MB of pages and images fetched by A (%.2fx); server RSS growth %.0f MB",
                     first.seconds, first.value.pulled, first.value.filesFetched, first.value.filesPending,
                     megabytes(wire), megabytes(fetchedBytes), Double(wire) / Double(max(fetchedBytes, 1)),
                     first.growthMegabytes))
        say(String(format: "bench process peak RSS %.0f MB (capture on A grew it %.0f MB; it also serves the site)",
                     ProcessMemory.peakMegabytes(), ProcessMemory.peakMegabytes() - clientBefore))
        guard first.value.filesPending == 0, first.value.filesFetched == attachments.count else {
            throw BenchError("B fetched \(first.value.filesFetched) of \(attachments.count) files")
        }
    }

    struct CaptureRun {
        var seconds: Double
        var captured = 0
        var failed = 0
        var images = 0
        var failures: [String] = []
    }

    /// Saves every page into `store` with `parallel` captures at once.
    static func capture(_ site: CorpusSite, into store: LocalStore, fetcher: GuardedFetcher, parallel: Int) async throws -> CaptureRun {
        let saver = ArticleSaver(store: store, capturer: PageCapturer(fetcher: fetcher))
        let started = ContinuousClock.now
        var run = CaptureRun(seconds: 0)
        try await withThrowingTaskGroup(of: ArticleSaver.Outcome.self) { group in
            var next = site.names.makeIterator()
            for _ in 0..<parallel {
                guard let name = next.next() else { break }
                group.addTask { try await saver.save(url: site.url(name)) }
            }
            while let outcome = try await group.next() {
                if let failure = outcome.failure {
                    run.failed += 1
                    run.failures.append("\(outcome.article.url): \(failure.reason)")
                } else {
                    run.captured += 1
                }
                run.images += outcome.article.attachments.filter { $0.mediaType.hasPrefix("image/") }.count
                if let name = next.next() { group.addTask { try await saver.save(url: site.url(name)) } }
            }
        }
        let elapsed = ContinuousClock.now - started
        run.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return run
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }

    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }
}

/// Bytes on the wire of every response a machine received.
final class TrafficCounter: Sendable {
    private let total = Mutex(0)
    func add(_ bytes: Int) { total.withLock { $0 += bytes } }
    var bytes: Int { total.withLock { $0 } }
}

/// A transport that counts bytes on the wire into a counter.
struct CountingTransport: HTTPTransport {
    let inner: any HTTPTransport
    let counter: TrafficCounter

    init(_ inner: any HTTPTransport, counter: TrafficCounter) {
        self.inner = inner
        self.counter = counter
    }

    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        let response = try await inner.send(request)
        counter.add(response.bytesOnWire)
        return response
    }
}

/// Writes a line at once (unbuffered, also into a pipe).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// A benchmark that cannot go on.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
