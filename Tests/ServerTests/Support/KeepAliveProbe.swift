import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Times `count` GET requests sent one after another over one keep-alive loopback connection, from a
/// thread of its own (blocking calls, never Swift's cooperative pool), so that what is measured is the
/// server, not the cost of a new connection and thread per request.
enum KeepAliveProbe {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The latency of each request in milliseconds, in order; throws when an answer is not a 200.
    static func latencies(port: Int, path: String, token: String? = nil, count: Int) async throws -> [Double] {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try run(port: port, path: path, token: token, count: count) })
            }
            thread.start()
        }
    }

    private static func run(port: Int, path: String, token: String?, count: Int) throws -> [Double] {
        let socket = try LoopbackHTTP.connectedSocket(port: port)
        defer { Glibc.close(socket) }
        var one: Int32 = 1
        _ = Glibc.setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var head = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        let request = Array((head + "\r\n").utf8)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var latencies: [Double] = []
        for _ in 0..<count {
            let start = DispatchTime.now().uptimeNanoseconds
            let sent = request.withUnsafeBytes { Glibc.send(socket, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent == request.count else { throw Failure(description: "send() failed") }
            var received: [UInt8] = []
            while true {
                let n = Glibc.recv(socket, &buffer, buffer.count, 0)
                guard n > 0 else { throw Failure(description: "the server closed the connection") }
                received.append(contentsOf: buffer[0..<n])
                if let total = completeLength(received) {
                    guard received.count >= total else { continue }
                    break
                }
            }
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            guard received.starts(with: Array("HTTP/1.1 200".utf8)) else {
                throw Failure(description: String(decoding: received.prefix(200), as: UTF8.self))
            }
        }
        return latencies
    }

    /// The length of the whole response once its head has arrived (head plus `Content-Length`).
    private static func completeLength(_ bytes: [UInt8]) -> Int? {
        let text = String(decoding: bytes.prefix(4_096), as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        let headLength = text.utf8.distance(from: text.startIndex, to: end.upperBound)
        let length = text[..<end.lowerBound].split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        return headLength + length
    }
}
