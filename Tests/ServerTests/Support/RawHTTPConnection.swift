import Glibc
import Foundation

/// A plain TCP connection to a loopback port, for requests no HTTP client would send: cut bodies,
/// lying `Content-Length`s, headers sent a byte at a time.
final class RawHTTPConnection: @unchecked Sendable {
    private let socket: Int32

    /// Connects to `127.0.0.1:port`.
    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw RawConnectionError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw RawConnectionError("connect() failed")
        }
    }

    deinit { close(socket) }

    /// Sends `text` as is.
    func send(_ text: String) throws {
        try send(bytes: Array(text.utf8))
    }

    /// Sends `bytes` as they are.
    func send(bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw RawConnectionError("send() failed") }
            sent += count
        }
    }

    /// Sends `bytes` without ever blocking a thread (the server under test may share the test's two
    /// cooperative threads): when the socket is full it sleeps and tries again, for at most `timeout` seconds.
    func write(bytes: [UInt8], timeout: TimeInterval = 30) async throws {
        var sent = 0
        let deadline = Date().addingTimeInterval(timeout)
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
            if count > 0 {
                sent += count
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK, Date() < deadline {
                try await Task.sleep(for: .milliseconds(5))
            } else {
                throw RawConnectionError("send() failed")
            }
        }
    }

    /// Ends both directions at once, as a client that goes away mid-request does.
    func hangUp() {
        shutdown(socket, Int32(SHUT_RDWR))
    }

    /// Ends the sending side (the server reads end of file), keeping the receiving side open.
    func finishSending() {
        shutdown(socket, Int32(SHUT_WR))
    }

    /// Reads until the server closes the connection or `timeout` seconds pass; returns what arrived and
    /// whether the server closed it. It never blocks a thread: the server under test may share the
    /// test's cooperative thread pool (two threads on two cores), so it polls and sleeps instead.
    func readUntilClosed(timeout: TimeInterval) async -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 0) > 0 else {
                try? await Task.sleep(for: .milliseconds(10))
                continue
            }
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[..<count]
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    /// The status code of the first response in `text`, if one arrived.
    static func status(of text: String) -> Int? {
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }
}

/// A raw connection failed.
struct RawConnectionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
