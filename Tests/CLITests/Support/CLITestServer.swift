import Foundation
import SatchelTestSupport

/// A real Satchel server with demo content on a free loopback port, for the duration of `body`.
enum CLITestServer {
    static func run(_ body: (String) async throws -> Void) async throws {
        try await TestSatchelServer.run(demoContent: true) { baseURL, _ in try await body(baseURL) }
    }

    /// An address where nothing listens, and nothing will while the tests run (``LoopbackPort/refusing()``).
    static func deadServerURL() throws -> String {
        "http://127.0.0.1:\(try LoopbackPort.refusing())"
    }
}
