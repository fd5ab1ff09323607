import Foundation
import Hummingbird
import NIOCore
import SatchelServer
import ServiceLifecycle
import SatchelShared

/// Real HTTP servers on loopback ports for client tests: the Satchel server, or a small router of
/// fixtures (echo, gzip, slow answers) for checking the transport itself.
enum TestServer {
    /// Starts a fresh Satchel server with its own SQLite file, runs `body` with its base URL
    /// (`http://127.0.0.1:PORT`) and dependencies, then stops it.
    static func run(_ body: (String, ServerDependencies) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-client-\(UUID()).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try SQLiteStore(path: path)
        let dependencies = ServerDependencies(
            store: store, passwords: PasswordHasher(cost: 4), commentRateLimiter: RateLimiter(capacity: 1_000, per: 1))
        try await serve({ reportPort in
            try await SatchelApplication.make(
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0), dependencies: dependencies,
                onServerRunning: reportPort)
        }) { baseURL in
            try await body(baseURL, dependencies)
        }
    }

    /// Serves `dependencies` on a free loopback port, with `services` (a database pool) running beside
    /// the server and `prepare` (migrations) done before it accepts requests, while `body` runs with its
    /// base URL. One call is one server process's worth of state.
    static func run(
        dependencies: ServerDependencies, services: [any Service], prepare: @escaping @Sendable () async throws -> Void,
        _ body: (String) async throws -> Void
    ) async throws {
        try await serve({ reportPort in
            try await SatchelApplication.make(
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0), dependencies: dependencies,
                services: services, beforeServerStarts: prepare,
                onServerRunning: reportPort)
        }, body)
    }

    /// Serves `router` on a free loopback port while `body` runs with its base URL.
    static func run(router: Router<BasicRequestContext>, _ body: (String) async throws -> Void) async throws {
        try await serve({ reportPort in
            Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: reportPort)
        }, body)
    }

    private static func serve<App: ApplicationProtocol>(
        _ makeApp: (@escaping @Sendable (any Channel) async -> Void) async throws -> App, _ body: (String) async throws -> Void
    ) async throws {
        try await LoopbackServer.run(makeApp) { port in try await body("http://127.0.0.1:\(port)") }
    }
}

