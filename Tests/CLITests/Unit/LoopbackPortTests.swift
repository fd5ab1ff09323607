import Foundation
import Testing
import SatchelTestSupport

/// The loopback port that stands for "the server is down".
@Suite("Test support: the refusing loopback port")
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
}
