import Foundation
import Hummingbird
import SatchelServer
import ServiceLifecycle
import SatchelLoopback
import SatchelStores

/// A real Satchel server on a free loopback port, in this test process, for the length of a test body.
public enum TestSatchelServer {
    /// Starts a fresh server over its own SQLite file (with the demo content when `demoContent`), runs `body`
    /// with its base URL (`http://127.0.0.1:PORT`) and dependencies, then stops it and removes the file.
    public static func run(
        demoContent: Bool = false, _ body: (String, ServerDependencies) async throws -> Void
    ) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-test-\(UUID()).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let dependencies = ServerDependencies(
            store: try SQLiteStore(path: path), passwords: PasswordHasher(cost: 4),
            commentRateLimiter: RateLimiter(capacity: 1_000, per: 1))
        if demoContent { _ = try await DemoContent.load(into: dependencies) }
        try await run(dependencies: dependencies) { baseURL in try await body(baseURL, dependencies) }
    }

    /// Serves `dependencies` on a free loopback port, with `services` (a database pool) running beside the
    /// server and `prepare` (migrations) done before it accepts requests, while `body` runs with its base URL.
    /// One call is one server process's worth of state.
    public static func run(
        dependencies: ServerDependencies, services: [any Service] = [],
        prepare: (@Sendable () async throws -> Void)? = nil, _ body: (String) async throws -> Void
    ) async throws {
        try await LoopbackServer.run({ reportPort in
            try await SatchelApplication.make(
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0), dependencies: dependencies,
                services: services, beforeServerStarts: prepare, onServerRunning: reportPort)
        }) { port in
            try await body("http://127.0.0.1:\(port)")
        }
    }
}
