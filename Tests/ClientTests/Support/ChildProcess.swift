import Foundation

/// Waits for a child process without holding a thread of Swift's cooperative pool: the wait and the read of
/// its output run on a thread of their own. A test that blocked a pool thread on a child that talks to a
/// server in this process could starve that server (two such waits on a two-core machine stop every task).
enum ChildProcess {
    /// Starts `process`, reads its standard output (already set to `output`) to the end, and waits for it.
    static func run(_ process: Process, output: Pipe) async throws -> Data {
        let child = Unchecked(process), reader = output.fileHandleForReading
        try process.run()
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let data = reader.readDataToEndOfFile()
                child.value.waitUntilExit()
                continuation.resume(returning: data)
            }
        }
    }

    /// Carries a value that is only touched by one thread at a time across to the waiting thread.
    private struct Unchecked<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
