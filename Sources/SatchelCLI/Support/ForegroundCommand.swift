import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A command run in the foreground on this terminal (the reader's editor): it inherits standard input, output
/// and error, and this process waits for it.
///
/// Started with `posix_spawn`, not `Foundation.Process`: on Swift 6.3.1 for Linux, `Process.run()` over-reads a
/// directory entry of `/proc/self/fd` and now and then crashes the caller with SIGSEGV (swift-corelibs-foundation
/// PR #5472, fixed upstream after this toolchain).
enum ForegroundCommand {
    /// Runs `executable` with `arguments` and exactly `environment`, every signal at its default; its exit
    /// status (128 plus the signal when one ended it), or `nil` when it could not be started.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) -> Int32? {
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
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        guard posix_spawn(&child, executable, nil, &attributes, argv, envp) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            guard errno == EINTR else { return nil }
        }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + status & 0x7f
    }
}
