import Foundation
import Hummingbird
import SatchelServer
import SatchelShared

/// A real Satchel server with demo content on a free loopback port, for the duration of `body`.
enum CLITestServer {
    static func run(_ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-cli-server-\(UUID()).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let dependencies = ServerDependencies(
            store: try SQLiteStore(path: path), passwords: PasswordHasher(cost: 4),
            commentRateLimiter: RateLimiter(capacity: 1_000, per: 1))
        _ = try await DemoContent.load(into: dependencies)
        try await LoopbackServer.run({ onServerRunning in
            try await SatchelApplication.make(
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0), dependencies: dependencies,
                onServerRunning: onServerRunning)
        }) { port in
            try await body("http://127.0.0.1:\(port)")
        }
    }

    /// An address where nothing listens: a port the kernel handed out and that was closed again.
    static func deadServerURL() throws -> String {
        "http://127.0.0.1:\(try FreePort.find())"
    }
}

/// Asks the kernel for a free loopback TCP port.
enum FreePort {
    static func find() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw CLIFailure(arguments: ["socket"], result: CLIResult(status: 1, out: "", err: "")) }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0 }
        }
        guard bound else { throw CLIFailure(arguments: ["bind"], result: CLIResult(status: 1, out: "", err: "")) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
