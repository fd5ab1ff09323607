import Foundation
import SatchelShared
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw HTTP/1.1 connection to a loopback port over a socket of its own, each blocking call on a
/// thread of its own (never Swift's cooperative pool), so a test can hold many requests open at once,
/// hang up in the middle of one, or read a stream as it arrives.
final class LoopbackHTTP: @unchecked Sendable {
    /// What came back.
    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try SatchelJSON.decoder().decode(T.self, from: body)
        }

        /// Reads the body as a sync message.
        func decode<T: SyncWireCodable>(_ type: T.Type) throws -> T {
            try T.decode(body)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let socket: Int32
    /// Set once ``reset()`` closed the socket; only the thread that owns the connection touches it.
    private var isReset = false

    /// Connects to 127.0.0.1:`port`, from `source` (another loopback address, such as 127.0.0.2, stands
    /// for another client machine) when given.
    init(port: Int, source: String? = nil) throws {
        socket = try Self.connectedSocket(port: port, source: source)
    }

    /// A blocking TCP socket connected to 127.0.0.1:`port`, bound first to `source` when given.
    static func connectedSocket(port: Int, source: String? = nil) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket() failed") }
        func use(_ host: String, port: Int, _ call: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Bool {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port)).bigEndian
            address.sin_addr.s_addr = inet_addr(host)
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    call(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
        }
        if let source, !use(source, port: 0, Glibc.bind) {
            Glibc.close(socket)
            throw Failure(description: "bind() to \(source) failed")
        }
        guard use("127.0.0.1", port: port, Glibc.connect) else {
            Glibc.close(socket)
            throw Failure(description: "connect() to port \(port) failed")
        }
        return socket
    }

    deinit { if !isReset { Glibc.close(socket) } }

    /// Sends one request with `Connection: close`.
    func send(
        _ method: String, _ path: String, token: String? = nil, headers: [String: String] = [:], body: Data? = nil
    ) throws {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        var bytes = Data((head + "\r\n").utf8)
        if let body { bytes.append(body) }
        try sendRaw(bytes)
    }

    /// Reads until `enough` says so or the server closes the connection; returns all bytes read.
    func read(until enough: @escaping @Sendable (Data) -> Bool = { _ in false }) async -> Data {
        await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                var received = Data()
                var buffer = [UInt8](repeating: 0, count: 16_384)
                while !enough(received) {
                    let n = Glibc.recv(socket, &buffer, buffer.count, 0)
                    if n <= 0 { break }
                    received.append(contentsOf: buffer[0..<n])
                }
                continuation.resume(returning: received)
            }
            thread.start()
        }
    }

    /// Hangs up.
    func close() {
        Glibc.shutdown(socket, Int32(SHUT_RDWR))
    }

    /// Hangs up with a TCP reset (`SO_LINGER` of zero), as a client that crashes or loses its network.
    func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        _ = Glibc.setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        Glibc.close(socket)
        isReset = true
    }

    /// Sends raw bytes as they are (a request cut short, say).
    func sendRaw(_ bytes: Data) throws {
        try bytes.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = Glibc.send(socket, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw Failure(description: "send() failed") }
                sent += n
            }
        }
    }

    /// Reads the whole response (the server closes after it).
    func response() async throws -> Response {
        try Self.parse(await read())
    }

    /// One request on a fresh connection.
    static func request(
        port: Int, _ method: String, _ path: String, token: String? = nil, headers: [String: String] = [:],
        json: (any Encodable)? = nil, sync: (any SyncWireCodable)? = nil, source: String? = nil
    ) async throws -> Response {
        let connection = try LoopbackHTTP(port: port, source: source)
        let body = try sync.map { $0.encodedData() } ?? json.map { try SatchelJSON.encoder().encode($0) }
        try connection.send(method, path, token: token, headers: headers, body: body)
        return try await connection.response()
    }

    /// Splits a raw response into status, headers and (de-chunked) body.
    static func parse(_ data: Data) throws -> Response {
        guard let end = data.firstRange(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no complete response head in \(data.count) bytes")
        }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Response(status: status, headers: headers, body: body)
    }

    /// The payload of a chunked body (as much of it as arrived).
    static func dechunk(_ data: Data) -> Data {
        var output = Data()
        var rest = data[...]
        while let lineEnd = rest.firstRange(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            let stop = min(rest.endIndex, start + size)
            output.append(rest[start..<stop])
            rest = rest[min(rest.endIndex, stop + 2)...]
        }
        return output
    }
}
