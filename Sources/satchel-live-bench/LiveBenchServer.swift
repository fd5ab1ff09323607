import Foundation
import SatchelProcess
import Hummingbird
import Logging
import SatchelServer
import Synchronization
import SatchelLoopback

/// The child process's side: a real server over the given database, with live sync as
/// `satchel-server` runs it (on PostgreSQL, with its feed listener).
enum LiveBenchServer {
    /// Serves until SIGTERM; prints `READY <port>` once listening. With `trimMemory`, a ``MemoryTrim``
    /// runs beside the server as `satchel-server` runs it (every 5 s, after a drop of 1,000 live clients).
    static func serve(database: String, trimMemory: Bool = true) async throws {
        // The waiter flood holds its 2,000 long-polls on one account: the per-account limit is raised for it.
        let opened = try OpenedStore(
            location: try DatabaseLocation(parsing: database), liveFeed: LiveFeedNotifier(perAccount: 10_000))
        let dependencies = ServerDependencies(store: opened.store, passwords: PasswordHasher(cost: 4), liveFeed: opened.liveFeed)
        // Request lines off, as `satchel-server --log-level warning` runs: the benchmark times sync, not logging.
        var logger = Logger(label: "satchel.server")
        logger.logLevel = .warning
        // The trims are logged (with their time and RSS before and after) for the stream storm's report.
        var trimLogger = Logger(label: "satchel.memory")
        trimLogger.logLevel = .info
        try await LoopbackServer.run({ onServerRunning in
            try await SatchelApplication.make(
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0), dependencies: dependencies, logger: logger,
                services: opened.services
                    + (trimMemory ? [MemoryTrim(clients: opened.liveFeed.clients, logger: trimLogger)] : []),
                beforeServerStarts: opened.prepare, onServerRunning: onServerRunning)
        }, gracefulShutdownSignals: [.sigterm], afterwards: .serveUntilSignalled) { port in
            FileHandle.standardOutput.write(Data("READY \(port)\n".utf8))
        }
    }
}

/// A server running in a child process (this same executable, `serve DATABASE`).
final class LiveBenchServerProcess {
    let process: Spawned
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(process: Spawned, port: Int) {
        self.process = process
        self.port = port
    }

    /// Starts the child and waits until it listens; `trimMemory: false` runs it without ``MemoryTrim``.
    static func start(database: String, trimMemory: Bool = true) throws -> LiveBenchServerProcess {
        let process = try Spawned(
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path,
            ["serve", database] + (trimMemory ? [] : ["--no-memory-trim"]), output: .pipe, errors: .inherit)
        guard let output = process.output else { throw LiveBenchError("the server process has no output pipe") }
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = output.availableData
            guard !chunk.isEmpty else { throw LiveBenchError("the server process exited before it was ready") }
            buffer.append(chunk)
        }
        let words = String(decoding: buffer, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count == 2, words[0] == "READY", let port = Int(words[1]) else {
            throw LiveBenchError("unexpected server output: \(words)")
        }
        return LiveBenchServerProcess(process: process, port: port)
    }

    /// The child's resident memory now, in MB (VmRSS from /proc).
    func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process.pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return 0 }
        return kilobytes / 1024
    }

    /// Stops the child (gracefully) and waits for it.
    func stop() {
        process.signal(SIGTERM)
        _ = process.waitBlocking()
    }
}

/// A benchmark that cannot go on.
struct LiveBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
