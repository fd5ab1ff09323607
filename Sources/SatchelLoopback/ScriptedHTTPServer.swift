import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small scriptable HTTP/1.1 server on a loopback address, for tests and benchmarks that need a real
/// socket answering exactly as told: routes by path to a handler that describes the response (status,
/// headers, body, a delay before the body, a slow drip, or a close without any answer), and records every
/// request it received. One thread per connection; every response closes its connection.
///
/// ```swift
/// let server = try ScriptedHTTPServer(host: "127.0.0.2")
/// defer { server.stop() }
/// server.route("/") { _ in .text("<p>hi</p>", contentType: "text/html; charset=utf-8") }
/// // fetch server.baseURL + "/", then check server.requestCount
/// ```
public final class ScriptedHTTPServer: @unchecked Sendable {
    /// One request as received.
    public struct Request: Sendable {
        /// The request line without its line end, e.g. `GET /a?b=1 HTTP/1.1`.
        public var requestLine: String
        /// The method, e.g. `GET`.
        public var method: String
        /// The request target as sent, query included.
        public var target: String
        /// The target's path, without the query.
        public var path: String
        /// The header fields in the order received.
        public var headers: [(name: String, value: String)]
        /// When its head had been read.
        public var receivedAt = ContinuousClock.now

        /// The value of the first field named `name` (any case).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    /// How to answer one request.
    public struct Response: Sendable {
        /// How the body is sent slowly: `bytes` at a time, `interval` seconds apart.
        public struct Drip: Sendable {
            /// Bytes per write.
            public var bytes: Int
            /// Seconds between writes.
            public var interval: Double

            /// A drip of `bytes` every `interval` seconds.
            public init(bytes: Int, interval: Double) {
                self.bytes = bytes
                self.interval = interval
            }
        }

        /// The status code.
        public var status: Int
        /// Header fields sent as given, in order.
        public var headers: [(name: String, value: String)]
        /// The body bytes.
        public var body: [UInt8]
        /// Whether a `Content-Length` of the body's size is added when `headers` has none.
        public var addsContentLength: Bool
        /// Seconds to wait after reading the request before sending anything.
        public var delayBeforeHeaders: Double
        /// Seconds to wait after the headers before the body.
        public var delayBeforeBody: Double
        /// Sends the body slowly when set.
        public var drip: Drip?
        /// Closes the connection after reading the request, without a byte of answer.
        public var closesWithoutResponding: Bool

        /// A response; by default an empty 200.
        public init(
            status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
            addsContentLength: Bool = true, delayBeforeHeaders: Double = 0, delayBeforeBody: Double = 0, drip: Drip? = nil,
            closesWithoutResponding: Bool = false
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.addsContentLength = addsContentLength
            self.delayBeforeHeaders = delayBeforeHeaders
            self.delayBeforeBody = delayBeforeBody
            self.drip = drip
            self.closesWithoutResponding = closesWithoutResponding
        }

        /// A text body with its content type.
        public static func text(_ text: String, contentType: String = "text/plain; charset=utf-8", status: Int = 200) -> Response {
            Response(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
        }

        /// A redirect to `location`.
        public static func redirect(to location: String, status: Int = 302) -> Response {
            Response(status: status, headers: [("Location", location)])
        }

        /// An empty answer with `status`.
        public static func status(_ status: Int) -> Response {
            Response(status: status)
        }

        /// No answer: the connection is closed once the request is read.
        public static let closeWithoutResponding = Response(closesWithoutResponding: true)
    }

    /// Makes the response to a request.
    public typealias Handler = @Sendable (Request) -> Response

    /// The address listened on, e.g. `127.0.0.1` or `::1`.
    public let host: String
    /// The port listened on.
    public let port: Int

    private let listener: Int32
    private let lock = NSLock()
    private var routes: [String: Handler] = [:]
    private var fallback: Handler = { _ in .text("not found", status: 404) }
    private var received: [Request] = []
    private var stopped = false
    private let acceptLoopEnded = DispatchSemaphore(value: 0)

    /// Listens on `host` (a loopback IPv4 or IPv6 address) and `port` (0 for a free one) and starts serving.
    public init(host: String = "127.0.0.1", port: Int = 0) throws {
        self.host = host
        let (descriptor, bound) = try Self.openListener(host: host, port: port)
        self.listener = descriptor
        self.port = bound
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "scripted-http-accept"
        thread.start()
    }

    /// `http://host:port` (IPv6 hosts in brackets), without a trailing slash.
    public var baseURL: String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    /// Answers requests for `path` (exactly, the query ignored) with `handler`, replacing any earlier one.
    public func route(_ path: String, _ handler: @escaping Handler) {
        lock.withLock { routes[path] = handler }
    }

    /// Answers requests no route matches (a 404 by default).
    public func setFallback(_ handler: @escaping Handler) {
        lock.withLock { fallback = handler }
    }

    /// Every request received, in order.
    public var requests: [Request] { lock.withLock { received } }

    /// Every request line received, in order.
    public var requestLines: [String] { requests.map(\.requestLine) }

    /// How many requests were received.
    public var requestCount: Int { lock.withLock { received.count } }

    /// Stops accepting and closes the listening socket; answers under way end at their next write or wait.
    public func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        if first { _ = acceptLoopEnded.wait(timeout: .now() + 2) }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    // MARK: Serving

    private func acceptLoop() {
        defer {
            close(listener)
            acceptLoopEnded.signal()
        }
        while !isStopped {
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 50) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            let thread = Thread { [self] in serve(connection) }
            thread.name = "scripted-http-connection"
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        #if canImport(Darwin)
        var on: Int32 = 1
        setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(connection) else { return }
        let handler = lock.withLock { () -> Handler in
            received.append(request)
            return routes[request.path] ?? fallback
        }
        let response = handler(request)
        if response.delayBeforeHeaders > 0 && !pause(response.delayBeforeHeaders) { return }
        if response.closesWithoutResponding { return }
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for field in response.headers { head += "\(field.name): \(field.value)\r\n" }
        let hasLength = response.headers.contains { $0.name.caseInsensitiveCompare("Content-Length") == .orderedSame }
        if response.addsContentLength && !hasLength { head += "Content-Length: \(response.body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        guard send(connection, Array(head.utf8)[...]) else { return }
        if response.delayBeforeBody > 0 && !pause(response.delayBeforeBody) { return }
        if let drip = response.drip {
            var offset = 0
            while offset < response.body.count {
                let end = min(response.body.count, offset + max(1, drip.bytes))
                guard send(connection, response.body[offset..<end]) else { return }
                offset = end
                if offset < response.body.count && !pause(drip.interval) { return }
            }
        } else if !response.body.isEmpty {
            guard send(connection, response.body[...]) else { return }
        }
        shutdown(connection, Int32(SHUT_WR))
        // Drain what the client still sends so the close does not reset the connection under it.
        var scratch = [UInt8](repeating: 0, count: 4096)
        var short = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &short, socklen_t(MemoryLayout<timeval>.size))
        while recv(connection, &scratch, scratch.count, 0) > 0 {}
    }

    /// Reads the request head (up to 64 KiB); nil when the client closes or sends something else first.
    private func readRequest(_ connection: Int32) -> Request? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while data.count < 64 * 1024 {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            data += chunk[0..<count]
            if let range = data.firstRange(of: end) {
                return Self.parse(String(decoding: data[..<range.lowerBound], as: UTF8.self))
            }
        }
        return nil
    }

    private static func parse(_ head: String) -> Request? {
        let lines = head.components(separatedBy: "\r\n")
        guard let requestLine = lines.first else { return nil }
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3 else { return nil }
        let target = String(parts[1])
        let path = String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Request(requestLine: requestLine, method: String(parts[0]), target: target, path: path, headers: headers)
    }

    /// Writes all of `bytes`; false when the peer is gone or the server stopped.
    private func send(_ connection: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            if isStopped { return false }
            let written = bytes[offset...].withUnsafeBytes { raw -> Int in
                #if canImport(Glibc)
                return Glibc.send(connection, raw.baseAddress, min(raw.count, 64 * 1024), Int32(MSG_NOSIGNAL))
                #else
                return Darwin.send(connection, raw.baseAddress, min(raw.count, 64 * 1024), 0)
                #endif
            }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Sleeps `seconds` in short steps; false when the server stopped meanwhile.
    private func pause(_ seconds: Double) -> Bool {
        let until = Date().addingTimeInterval(seconds)
        while Date() < until {
            if isStopped { return false }
            Thread.sleep(forTimeInterval: min(0.01, max(0, until.timeIntervalSinceNow)))
        }
        return !isStopped
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        default: "Status"
        }
    }

    // MARK: Listening

    private static func openListener(host: String, port: Int) throws -> (descriptor: Int32, port: Int) {
        let isIPv6 = host.contains(":")
        #if canImport(Glibc)
        let stream = Int32(SOCK_STREAM.rawValue)
        #else
        let stream = SOCK_STREAM
        #endif
        let descriptor = socket(isIPv6 ? AF_INET6 : AF_INET, stream, 0)
        guard descriptor >= 0 else { throw ScriptedHTTPServerError(message: "cannot open a socket") }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var bound = -1
        if isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else {
                close(descriptor)
                throw ScriptedHTTPServerError(message: "\(host) is not an IPv6 address")
            }
            bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
                    guard bind(descriptor, pointer, length) == 0, getsockname(descriptor, pointer, &length) == 0 else { return -1 }
                    return 0
                }
            }
            if bound == 0 { bound = Int(UInt16(bigEndian: address.sin6_port)) }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
                close(descriptor)
                throw ScriptedHTTPServerError(message: "\(host) is not an IPv4 address")
            }
            bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
                    guard bind(descriptor, pointer, length) == 0, getsockname(descriptor, pointer, &length) == 0 else { return -1 }
                    return 0
                }
            }
            if bound == 0 { bound = Int(UInt16(bigEndian: address.sin_port)) }
        }
        guard bound > 0, listen(descriptor, 64) == 0 else {
            close(descriptor)
            throw ScriptedHTTPServerError(message: "cannot listen on \(host) port \(port)")
        }
        return (descriptor, bound)
    }
}

/// Why a ``ScriptedHTTPServer`` could not start.
public struct ScriptedHTTPServerError: Error, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// The message.
    public var description: String { message }
}
