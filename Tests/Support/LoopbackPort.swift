import Foundation

/// Free loopback TCP ports for tests that start a process of their own (a server binary, a PostgreSQL cluster).
public enum LoopbackPort {
    /// A port nothing listens on now: bound on 127.0.0.1, read back and closed again.
    public static func free() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw LoopbackPortError(description: "socket() failed") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0
            }
        }
        guard bound else { throw LoopbackPortError(description: "could not bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why no free loopback port could be had.
public struct LoopbackPortError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
}
