import Foundation

/// Blocking work (waiting for a child process, reading a pipe to its end) run on a thread of its own, never on
/// one of Swift's cooperative pool: blocking a pool thread on a child that talks to a server in this process
/// (as tests do) could starve that server (two such waits on a two-core machine stop every task).
public enum OwnThread {
    /// Runs `work` on a new thread and returns what it returned.
    public static func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }
}
