import Foundation
import Testing
import SatchelTestSupport

/// The test support that starts child processes and hands out loopback ports.
@Suite("Test support: child processes and loopback ports")
struct TestProcessSupportTests {
    @Test("a child's exit status, its output and error pipes, and what it read on standard input")
    func pipesAndStatus() async throws {
        let child = try Spawned(
            "/bin/sh", ["-c", "read line; echo \"out:$line\"; echo err >&2; exit 3"],
            input: .pipe, output: .pipe, errors: .pipe)
        let (output, errors, termination) = await child.finish(writing: "hello\n")
        #expect(String(decoding: output, as: UTF8.self) == "out:hello\n")
        #expect(String(decoding: errors, as: UTF8.self) == "err\n")
        #expect(termination == .exited(3) && termination.status == 3)
        #expect(!child.isRunning)
    }

    @Test("a signal that ends the child is reported as that signal")
    func signalled() async throws {
        let child = try Spawned("/bin/sleep", ["30"])
        #expect(child.isRunning)
        child.signal(SIGKILL)
        let termination = await child.exit()
        #expect(termination == .signalled(SIGKILL) && termination.status == 128 + SIGKILL)
        #expect(!child.isRunning)
        #expect(await child.exit() == .signalled(SIGKILL), "waiting again gives the same answer")
    }

    @Test("the child inherits no descriptor beyond 0-2, and gets exactly the environment it is given")
    func nothingInherited() async throws {
        let leaked = open("/dev/null", O_RDONLY)  // without close-on-exec
        defer { close(leaked) }
        let child = try Spawned(
            "/bin/sh", ["-c", "ls /proc/$$/fd; echo \"[$ONLY_THIS]\"; env | wc -l"],
            environment: ["ONLY_THIS": "yes"], output: .pipe)
        let lines = String(decoding: (await child.finish()).output, as: UTF8.self).split(separator: "\n")
        let descriptors = lines.prefix { Int($0) != nil }.compactMap { Int($0) }
        #expect(Set(descriptors).isSubset(of: [0, 1, 2, 255]), "inherited \(descriptors)")
        #expect(!descriptors.contains(Int(leaked)))
        #expect(lines.contains("[yes]"))
    }

    @Test("a program that does not exist is an error, not a child")
    func missingProgram() throws {
        #expect(throws: SpawnError.self) { try Spawned("/nonexistent/program", []) }
    }

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
