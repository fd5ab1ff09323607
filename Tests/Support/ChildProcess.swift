import Foundation

/// Child processes run by tests, waited for on threads of their own (see ``OwnThread``).
public enum ChildProcess {
    /// Starts `process`, reads its standard output (already set to `output`) to the end, and waits for it.
    public static func run(_ process: Process, output: Pipe) async throws -> Data {
        let child = HandedOver(process), reader = output.fileHandleForReading
        try process.run()
        return await OwnThread.run {
            let data = reader.readDataToEndOfFile()
            child.value.waitUntilExit()
            return data
        }
    }

    /// Waits for `process` (already running) to exit and returns its status.
    public static func exitStatus(of process: Process) async -> Int32 {
        let child = HandedOver(process)
        return await OwnThread.run {
            child.value.waitUntilExit()
            return child.value.terminationStatus
        }
    }

    /// Everything `handle` gives until its end, read on a thread of its own.
    public static func readToEnd(_ handle: FileHandle) async -> Data {
        await OwnThread.run { handle.readDataToEndOfFile() }
    }
}
