import SatchelClient
import Foundation
import SatchelShared
#if canImport(Glibc)
import Glibc
#endif

/// Opens `count` long-poll pulls at once against one server process (raw loopback sockets, no thread
/// each), reads the server's resident memory while they all wait, then pushes one change and counts
/// how many of them were answered with it.
struct WaiterFlood {
    let server: LiveBenchServerProcess
    let count: Int

    /// What the flood measured.
    struct Result {
        var idleMegabytes: Double
        var waitingMegabytes: Double
        var heldBeforePush: Int
        var answeredAfterPush: Int
    }

    func run() async throws -> Result {
        let username = "flood\(UInt32.random(in: 0...UInt32.max))"
        let account = try await SatchelAPI(transport: CurlTransport(baseURL: server.baseURL))
            .register(username: username, password: "correct horse", email: "\(username)@example.com")
        let api = SatchelAPI(transport: CurlTransport(baseURL: server.baseURL), token: account.token)
        let cursor = try await api.pull(cursor: nil, limit: 1).cursor
        try await Task.sleep(for: .milliseconds(300))
        let idle = server.residentMegabytes()

        var sockets: [Int32] = []
        defer { for socket in sockets { Glibc.close(socket) } }
        let request = "GET /v1/sync/pull?cursor=\(cursor)&wait=60 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer \(account.token)\r\n\r\n"
        for _ in 0..<count {
            let socket = try Self.connect(port: server.port)
            sockets.append(socket)
            _ = request.withCString { Glibc.send(socket, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        }
        // Give the server time to take every request and park it.
        try await Task.sleep(for: .seconds(2))
        let held = sockets.filter { !Self.hasData($0) }.count
        let waiting = server.residentMegabytes()

        let stamp = HLCTimestamp(wallMillis: Date().millis, counter: 0, node: "flood")
        _ = try await api.push(PushRequest(clientId: "flood", mutations: [Mutation(
            entity: .savedArticle, recordId: UUID(), op: .create, hlc: stamp,
            fields: ["url": FieldChange(base: nil, value: .string("https://example.com/wake-all"))])]))
        var answered = Set<Int32>()
        for _ in 0..<500 where answered.count < sockets.count {
            for socket in sockets where !answered.contains(socket) && Self.hasData(socket) { answered.insert(socket) }
            try await Task.sleep(for: .milliseconds(20))
        }
        return Result(idleMegabytes: idle, waitingMegabytes: waiting, heldBeforePush: held, answeredAfterPush: answered.count)
    }

    /// The control: `count` keep-alive connections that each asked for `/health` and stay open, idle —
    /// what a connection costs the server before any long-poll waits on it. Returns the RSS (MB) with them open.
    func idleConnections() async throws -> (idle: Double, open: Double) {
        try await Task.sleep(for: .milliseconds(300))
        let idle = server.residentMegabytes()
        var sockets: [Int32] = []
        defer { for socket in sockets { Glibc.close(socket) } }
        let request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        for _ in 0..<count {
            let socket = try Self.connect(port: server.port)
            sockets.append(socket)
            _ = request.withCString { Glibc.send(socket, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        }
        try await Task.sleep(for: .seconds(2))
        let answered = sockets.filter { Self.hasData($0) }.count
        guard answered == count else { throw LiveBenchError("only \(answered) of \(count) health checks were answered") }
        return (idle, server.residentMegabytes())
    }

    /// A blocking loopback TCP connection to `port`.
    static func connect(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw LiveBenchError("socket() failed: raise the open-file limit (ulimit -n)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(socket)
            throw LiveBenchError("connect() failed")
        }
        return socket
    }

    /// Whether the server has sent anything on `socket` (a non-blocking peek).
    private static func hasData(_ socket: Int32) -> Bool {
        var byte: UInt8 = 0
        return Glibc.recv(socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) > 0
    }
}
