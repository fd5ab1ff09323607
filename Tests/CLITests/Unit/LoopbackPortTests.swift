import Foundation
import Testing
import SatchelTestSupport

/// The loopback ports of the tests: free ones for child processes, and the one that stands for "the server is down".
@Suite("Test support: loopback ports")
struct LoopbackPortTests {
    @Test("the refusing port refuses connections and cannot be bound by anyone else while the tests run")
    func refusingPort() throws {
        let port = try LoopbackPort.refusing()
        #expect(try LoopbackPort.refusing() == port, "one port for the whole process")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        func attempt(_ operation: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32, reuse: Bool) -> Int32 {
            let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(socketFD) }
            var on: Int32 = 1
            if reuse { setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size)) }
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    operation(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            return result == 0 ? 0 : errno
        }
        #expect(attempt(connect, reuse: false) == ECONNREFUSED)
        #expect(attempt(bind, reuse: true) == EADDRINUSE, "a server binding with SO_REUSEADDR cannot take it")
    }

    @Test("free ports lie below the ephemeral range, are never handed out twice, and a server can listen on one")
    func freePorts() throws {
        let range = LoopbackPort.fixedRange()
        let text = try String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)
        let ephemeralLow = try #require(text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) })
        #expect(range.upperBound < ephemeralLow, "no outgoing connection can take a free port")
        let ports = try (0..<64).map { _ in try LoopbackPort.free() }
        #expect(Set(ports).count == ports.count, "each call its own port")
        #expect(ports.allSatisfy(range.contains))

        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(ports[0]).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        #expect(bound == 0 && listen(socketFD, 1) == 0, "the port is free for the server it was taken for")
    }
}
