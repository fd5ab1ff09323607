import Foundation

/// Loopback TCP ports for tests: free ones for a process of their own (a server binary, a PostgreSQL cluster),
/// and one that refuses connections, for "the server is down".
public enum LoopbackPort {
    /// A port nothing listens on now: bound on 127.0.0.1, read back and closed again.
    public static func free() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw LoopbackPortError(description: "socket() failed") }
        defer { close(socketFD) }
        return try bound(socketFD)
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
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0
            }
        }
        guard named else { throw LoopbackPortError(description: "could not bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why no free loopback port could be had.
public struct LoopbackPortError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
}
