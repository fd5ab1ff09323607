import Foundation
import Hummingbird
import NIOCore
import SatchelServer
import ServiceLifecycle
import SatchelShared
import SatchelTestSupport
import SatchelLoopback

/// Real HTTP servers on loopback ports for client tests: the Satchel server, or a small router of
/// fixtures (echo, gzip, slow answers) for checking the transport itself.
enum TestServer {
    /// Starts a fresh Satchel server with its own SQLite file, runs `body` with its base URL
    /// (`http://127.0.0.1:PORT`) and dependencies, then stops it.
    static func run(_ body: (String, ServerDependencies) async throws -> Void) async throws {
        try await TestSatchelServer.run(body)
    }

    /// Serves `dependencies` on a free loopback port, with `services` (a database pool) running beside
    /// the server and `prepare` (migrations) done before it accepts requests, while `body` runs with its
    /// base URL. One call is one server process's worth of state.
    static func run(
        dependencies: ServerDependencies, services: [any Service], prepare: @escaping @Sendable () async throws -> Void,
        _ body: (String) async throws -> Void
    ) async throws {
        try await TestSatchelServer.run(dependencies: dependencies, services: services, prepare: prepare, body)
    }

    /// Serves `router` on a free loopback port while `body` runs with its base URL.
    static func run(router: Router<BasicRequestContext>, _ body: (String) async throws -> Void) async throws {
        try await LoopbackServer.run({ reportPort in
            Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: reportPort)
        }) { port in try await body("http://127.0.0.1:\(port)") }
    }
}
