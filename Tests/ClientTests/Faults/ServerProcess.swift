import Foundation
import SatchelProcess
import SatchelTestSupport
import SatchelServer
@testable import SatchelClient

/// The built `satchel-server` executable run as a child process on a fixed loopback port, so that a
/// test can kill it with SIGKILL and start it again over the same database at the same address.
final class ServerProcess: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`, the same across restarts.
    let baseURL: String
    private let database: String
    private let logPath: String
    private let arguments: [String]
    private let lock = NSLock()
    private var process: Spawned?

    /// A server over `database` (a SQLite path or a PostgreSQL URL) on a free port; not started yet.
    init(database: String, logDirectory: URL, arguments: [String] = []) throws {
        self.database = database
        self.arguments = arguments
        baseURL = "http://127.0.0.1:\(try LoopbackPort.free())"
        logPath = logDirectory.appendingPathComponent("server-\(UUID()).log").path
    }

    /// The built executable: `SATCHEL_BIN_DIR` when set, else the folder holding this test bundle.
    static var executable: String {
        if let override = ProcessInfo.processInfo.environment["SATCHEL_BIN_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override).appendingPathComponent("satchel-server").path
        }
        var bundle = Bundle.main.bundleURL
        while bundle.pathExtension != "xctest" && bundle.pathComponents.count > 1 { bundle.deleteLastPathComponent() }
        let directory = bundle.pathExtension == "xctest"
            ? bundle.deletingLastPathComponent() : URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return directory.appendingPathComponent("satchel-server").path
    }

    /// Starts the process and waits until `/health` answers 200 (at most `timeout` seconds).
    func start(timeout: TimeInterval = 60) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw FaultTestFailure("satchel-server is not built at \(Self.executable); run `swift build --build-tests` first")
        }
        let port = String(baseURL.split(separator: ":").last ?? "")
        let child = try Spawned(
            Self.executable, ["--host", "127.0.0.1", "--port", port, "--database", database, "--bcrypt-cost", "4"] + arguments,
            output: .file(logPath), errors: .file(logPath))
        lock.withLock { process = child }
        let probe = CurlTransport(baseURL: baseURL, configuration: .init(connectTimeout: 1, totalTimeout: 2))
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard child.isRunning else { throw FaultTestFailure("satchel-server exited at start:\n\(logTail())") }
            if let health = try? await probe.send(HTTPRequestSpec(method: "GET", path: "/health")), health.status == 200 {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FaultTestFailure("satchel-server did not answer /health within \(Int(timeout)) s:\n\(logTail())")
    }

    /// Kills the process with SIGKILL (no chance to flush or shut down) and waits until it is gone.
    func kill() {
        guard let child = lock.withLock({ process }) else { return }
        child.signal(SIGKILL)
        _ = child.waitBlocking()
        lock.withLock { process = nil }
    }

    /// Stops the process for good at the end of a test (SIGKILL as well: nothing is kept from it).
    func stop() {
        kill()
    }

    /// The end of the server's log, for failure messages.
    func logTail() -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return String(text.suffix(4_000))
    }
}

/// A fault test's own failure, with a message that says what went wrong.
struct FaultTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
