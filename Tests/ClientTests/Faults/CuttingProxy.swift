import Foundation

/// A TCP proxy on a loopback port in front of a server, which cuts connections at random: some after
/// a random number of request bytes (mid-request), the others after a random number of response bytes
/// (mid-response, headers or body). Plain threads and POSIX sockets, so the
/// cuts land at byte positions no HTTP library chose.
final class CuttingProxy: @unchecked Sendable {
    /// The port clients connect to.
    let port: Int
    private let upstreamPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var generator: SeededGenerator
    private var stopped = false
    private var figures = ProxyFigures()
    /// Where the `n`th connection (from 0) is cut, when the test plans the cuts itself.
    private let planned: (@Sendable (Int) -> CutPlan)?
    /// Most cuts in all; past it, a connection that reaches its limit goes on whole.
    private let maxCuts: Int?

    /// Listens on a free loopback port and forwards to `upstreamPort`; cuts are drawn from `seed`, or
    /// made where `plan` says for each connection (a plan with no limits forwards the connection whole).
    init(upstreamPort: Int, seed: UInt64, maxCuts: Int? = nil, plan: (@Sendable (Int) -> CutPlan)? = nil) throws {
        self.upstreamPort = upstreamPort
        self.maxCuts = maxCuts
        planned = plan
        generator = SeededGenerator(seed: seed)
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listening >= 0 else { throw FaultTestFailure("socket() failed") }
        var one: Int32 = 1
        setsockopt(listening, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listening, $0, length) == 0 && getsockname(listening, $0, &length) == 0
            }
        }
        guard bound, listen(listening, 64) == 0 else {
            close(listening)
            throw FaultTestFailure("the proxy could not listen on loopback")
        }
        listener = listening
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// The cuts and connections so far.
    var counts: ProxyFigures { lock.withLock { figures } }

    /// Stops accepting; connections in flight end on their own.
    func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            guard connected else {
                close(upstream)
                close(client)
                continue
            }
            let connection = ProxiedConnection(client: client, upstream: upstream, plan: nextPlan(), proxy: self)
            Thread.detachNewThread { connection.pump(from: client, to: upstream, limit: connection.plan.requestLimit) }
            Thread.detachNewThread { connection.pump(from: upstream, to: client, limit: connection.plan.responseLimit) }
        }
    }

    /// Every connection is cut at some point: half in a request, half in a response, after a number of
    /// bytes drawn log-uniformly from 1 to 32 KiB, so cuts land in headers and in bodies, on the first
    /// request of a connection and on later ones.
    private func nextPlan() -> CutPlan {
        lock.withLock {
            figures.connections += 1
            if let planned { return planned(figures.connections - 1) }
            let limit = Int(pow(2, Double.random(in: 0...15, using: &generator)))
            return Bool.random(using: &generator)
                ? CutPlan(requestLimit: limit, responseLimit: nil) : CutPlan(requestLimit: nil, responseLimit: limit)
        }
    }

    fileprivate func recordForwarded(_ count: Int, inRequest: Bool) {
        lock.withLock {
            if inRequest { figures.requestBytes += count } else { figures.responseBytes += count }
        }
    }

    fileprivate func recordCut(inRequest: Bool) {
        lock.withLock {
            if inRequest { figures.requestCuts += 1 } else { figures.responseCuts += 1 }
        }
    }

    /// Whether another cut may be made (always, without `maxCuts`).
    fileprivate func mayCut() -> Bool {
        lock.withLock { maxCuts.map { figures.requestCuts + figures.responseCuts < $0 } ?? true }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// Where one connection will be cut: after this many bytes from the client, or from the server.
struct CutPlan {
    var requestLimit: Int?
    var responseLimit: Int?
}

/// What the proxy did.
struct ProxyFigures: Sendable {
    var connections = 0
    var requestCuts = 0
    var responseCuts = 0
    /// Bytes forwarded from clients to the server, and back.
    var requestBytes = 0
    var responseBytes = 0
}

/// One client connection and its upstream twin; the second pump to finish closes both sockets.
private final class ProxiedConnection: @unchecked Sendable {
    let client: Int32
    let upstream: Int32
    let plan: CutPlan
    private let proxy: CuttingProxy
    private let lock = NSLock()
    private var finishedPumps = 0
    private var cut = false

    init(client: Int32, upstream: Int32, plan: CutPlan, proxy: CuttingProxy) {
        self.client = client
        self.upstream = upstream
        self.plan = plan
        self.proxy = proxy
    }

    /// Copies bytes from `source` to `destination`; after `limit` bytes it forwards no more and cuts
    /// the connection both ways, as a network that drops in the middle of a message would.
    func pump(from source: Int32, to destination: Int32, limit: Int?) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var forwarded = 0
        var limit = limit
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            var allowed = count
            if let limit { allowed = min(count, limit - forwarded) }
            if allowed > 0, !writeAll(buffer, count: allowed, to: destination) { break }
            forwarded += allowed
            proxy.recordForwarded(allowed, inRequest: source == client)
            if allowed < count || (limit.map { forwarded >= $0 } ?? false) {
                guard proxy.mayCut() else {
                    // No cuts left: forward the rest of this read and everything after it.
                    limit = nil
                    if allowed < count {
                        let rest = Array(buffer[allowed..<count])
                        if !writeAll(rest, count: rest.count, to: destination) { break }
                        forwarded += rest.count
                        proxy.recordForwarded(rest.count, inRequest: source == client)
                    }
                    continue
                }
                cutBothWays(inRequest: source == client)
                break
            }
        }
        // The source finished (or was cut): pass the end on, so the other side sees it.
        shutdown(destination, Int32(SHUT_WR))
        finish()
    }

    private func writeAll(_ buffer: [UInt8], count: Int, to destination: Int32) -> Bool {
        var written = 0
        while written < count {
            let result = buffer.withUnsafeBytes { send(destination, $0.baseAddress! + written, count - written, Int32(MSG_NOSIGNAL)) }
            if result <= 0 { return false }
            written += result
        }
        return true
    }

    private func cutBothWays(inRequest: Bool) {
        let first = lock.withLock { () -> Bool in
            defer { cut = true }
            return !cut
        }
        guard first else { return }
        proxy.recordCut(inRequest: inRequest)
        shutdown(client, Int32(SHUT_RDWR))
        shutdown(upstream, Int32(SHUT_RDWR))
    }

    private func finish() {
        let last = lock.withLock { () -> Bool in
            finishedPumps += 1
            return finishedPumps == 2
        }
        if last {
            close(client)
            close(upstream)
        }
    }
}
