import Foundation
import Testing
import SatchelProcess

/// Child processes started with posix_spawn: statuses, pipes, signals, and nothing inherited.
@Suite("Spawned child processes")
struct SpawnedTests {
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
}
