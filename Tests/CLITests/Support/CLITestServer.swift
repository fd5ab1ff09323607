import Foundation
import SatchelTestSupport

/// A real Satchel server with demo content on a free loopback port, for the duration of `body`.
enum CLITestServer {
    static func run(_ body: (String) async throws -> Void) async throws {
        try await TestSatchelServer.run(demoContent: true) { baseURL, _ in try await body(baseURL) }
    }

    /// An address where nothing listens: a port the kernel handed out and that was closed again.
    static func deadServerURL() throws -> String {
        "http://127.0.0.1:\(try LoopbackPort.free())"
    }
}
