import Foundation
import Synchronization

/// Loopback TCP ports for tests: free ones for a process of their own (a server binary, a PostgreSQL cluster),
/// and one that refuses connections, for "the server is down".
public enum LoopbackPort {
    /// A port nothing listens on now, for a child process to bind later: bound on 127.0.0.1 as a check and closed
    /// again. It lies below the kernel's ephemeral range, so no outgoing connection and no `port 0` listener can
    /// take it between this call and the child's bind (or while a killed server is restarted on it), and no two
    /// calls in one process return the same port.
    public static func free() throws -> Int {
        let range = fixedRange()
        for _ in 0..<256 {
            let port = Int.random(in: range)
            guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
            if bindable(port) { return port }
        }
        throw LoopbackPortError(description: "no free loopback port in \(range.lowerBound)–\(range.upperBound)")
    }

    /// The ports that ``free()`` draws from: 10000 up to just below the ephemeral range
    /// (`/proc/sys/net/ipv4/ip_local_port_range`, 32768–60999 by default on Linux).
    public static func fixedRange() -> ClosedRange<Int> {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let ephemeralLow = text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32_768
        return 10_000...max(ephemeralLow - 1, 20_000)
    }

    private static let handedOut = Mutex<Set<Int>>([])

    /// Whether `port` on 127.0.0.1 can be bound now (without `SO_REUSEADDR`, so a port in use by anyone is refused).
    private static func bindable(_ port: Int) -> Bool {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { return false }
        defer { close(socketFD) }
        var address = loopbackAddress(port: port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A port that refuses every connection for as long as this process runs: bound on 127.0.0.1 and held,
    /// never listened on. Unlike a ``free()`` port, no server of another test in this process can be given it
    /// later, so a client pointed at a "server that is down" never reaches someone else's server.
    public static func refusing() throws -> Int {
        try held.get()
    }

    private static let held = Result<Int, any Error> {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw LoopbackPortError(description: "socket() failed") }
        do {
            return try bound(socketFD)
        } catch {
            close(socketFD)
            throw error
        }
    }

    /// Binds `socketFD` to a port of the kernel's choosing on 127.0.0.1 and returns the port.
    private static func bound(_ socketFD: Int32) throws -> Int {
        var address = loopbackAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0
            }
        }
        guard named else { throw LoopbackPortError(description: "could not bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// 127.0.0.1:`port` as a socket address (port 0 lets the kernel choose).
    private static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// Why no free loopback port could be had.
public struct LoopbackPortError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
}
