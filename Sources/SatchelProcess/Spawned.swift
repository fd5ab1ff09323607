import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn` and reaped with `waitpid`: the reader's editor for the CLI, the
/// executables and helper processes that tests run.
///
/// Not `Foundation.Process`: on Swift 6.3.1 for Linux its `run()` over-reads a directory entry while it lists
/// `/proc/self/fd` and now and then crashes the caller with SIGSEGV (swift-corelibs-foundation PR #5472, fixed
/// upstream after this toolchain). The child gets no descriptor beyond 0-2: the ends of its pipes are
/// close-on-exec here, and the child closes every other one it would have inherited.
public final class Spawned: Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// This process's own (the terminal, for an editor).
        case inherit
        /// `/dev/null`.
        case null
        /// A pipe whose other end this process holds (``input``, ``output``, ``errors``).
        case pipe
        /// A file, created if missing and appended to.
        case file(String)
    }

    /// How the child ended.
    public enum Termination: Equatable, Sendable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal (this one) ended it.
        case signalled(Int32)

        /// A status as a shell gives it: the exit status, or 128 plus the signal.
        public var status: Int32 {
            switch self {
            case .exited(let status): status
            case .signalled(let signal): 128 + signal
            }
        }

        /// "exit 3" or "signal 9".
        public var description: String {
            switch self {
            case .exited(let status): "exit \(status)"
            case .signalled(let signal): "signal \(signal)"
            }
        }
    }

    /// The child's process id.
    public let pid: pid_t
    /// The writing end of the child's standard input, when it is a pipe.
    public let input: FileHandle?
    /// The reading end of the child's standard output, when it is a pipe.
    public let output: FileHandle?
    /// The reading end of the child's standard error, when it is a pipe.
    public let errors: FileHandle?
    private let ended = Mutex<Termination?>(nil)

    /// Starts `executable` with `arguments` (not counting argv[0]) and `environment` (this process's when
    /// `nil`), with every signal at its default and none blocked.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        input: Stream = .null, output: Stream = .null, errors: Stream = .null
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var childEnds: [Int32] = []
        defer { childEnds.forEach { close($0) } }
        var parentEnds: [Int32: FileHandle] = [:]
        for (target, stream) in [(Int32(0), input), (1, output), (2, errors)] {
            switch stream {
            case .inherit:
                continue
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            case .pipe:
                let (readEnd, writeEnd) = try Self.pipe()
                let (childEnd, parentEnd) = target == 0 ? (readEnd, writeEnd) : (writeEnd, readEnd)
                childEnds.append(childEnd)
                parentEnds[target] = FileHandle(fileDescriptor: parentEnd, closeOnDealloc: true)
                posix_spawn_file_actions_adddup2(&actions, childEnd, target)
            }
        }
        Self.closeFrom(3, &actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        var child: pid_t = 0
        let failed = if let envp {
            posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        } else {
            posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        }
        guard failed == 0 else {
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(failed)))")
        }
        pid = child
        self.input = parentEnds[0]
        self.output = parentEnds[1]
        self.errors = parentEnds[2]
    }

    /// Sends `signal` to the child, unless it has been reaped already.
    public func signal(_ signal: Int32) {
        ended.withLock { if $0 == nil { _ = kill(pid, signal) } }
    }

    /// Whether the child still runs (reaps it when it has ended).
    public var isRunning: Bool {
        ended.withLock { ended in
            guard ended == nil else { return false }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            guard reaped == pid else { return reaped == 0 }
            ended = Self.termination(status)
            return false
        }
    }

    /// Blocks this thread until the child ends; how it ended. In async code, prefer ``exit()``.
    public func waitBlocking() -> Termination {
        if let known = ended.withLock({ $0 }) { return known }
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, 0)
            if reaped == pid {
                let termination = Self.termination(status)
                ended.withLock { $0 = $0 ?? termination }
                return termination
            }
            if reaped < 0 && errno == EINTR { continue }
            // ECHILD: ``isRunning`` reaped it meanwhile and recorded how it ended.
            return ended.withLock { $0 } ?? .exited(-1)
        }
    }

    /// Waits for the child to end on a thread of its own (see ``OwnThread``).
    public func exit() async -> Termination {
        await OwnThread.run { self.waitBlocking() }
    }

    /// Writes `text` to the child's standard input pipe and closes it; reads its output and error pipes to the
    /// end and waits for it, each on a thread of its own, so that a chatty child never blocks on a full pipe.
    public func finish(writing text: String = "") async -> (output: Data, errors: Data, termination: Termination) {
        if let input {
            try? input.write(contentsOf: Data(text.utf8))
            try? input.close()
        }
        async let errorData = Self.readToEnd(errors)
        async let outputData = Self.readToEnd(output)
        let termination = await exit()
        return (await outputData, await errorData, termination)
    }

    /// Everything `handle` gives until its end, read on a thread of its own; empty without a handle.
    public static func readToEnd(_ handle: FileHandle?) async -> Data {
        guard let handle else { return Data() }
        return await OwnThread.run { handle.readDataToEndOfFile() }
    }

    private static func termination(_ status: Int32) -> Termination {
        status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
    }

    /// A pipe whose two ends are close-on-exec (the child gets its end through `dup2`, which clears the flag).
    private static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard Glibc.pipe(&ends) == 0 else { throw SpawnError(description: "pipe() failed: \(errno)") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// Adds "close every descriptor from `lowest` up" to `actions` (glibc 2.34 and later), so that the child
    /// inherits no descriptor another thread of this process opened without close-on-exec.
    private static func closeFrom(_ lowest: Int32, _ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, lowest)
    }
}

/// Why a child process could not be started.
public struct SpawnError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
}
