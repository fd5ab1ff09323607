import Foundation

/// The built `satchel` and `satchel-server` executables, run as real processes.
enum Binaries {
    /// The build's bin directory: `SATCHEL_BIN_DIR` when set, else the folder holding this test bundle
    /// (SwiftPM puts test bundles and executables side by side).
    static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["SATCHEL_BIN_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var bundle = Bundle.main.bundleURL
        // Executed as `…/debug/SatchelPackageTests.xctest` on Linux; inside a bundle on other platforms.
        while bundle.pathExtension != "xctest" && bundle.pathComponents.count > 1 { bundle.deleteLastPathComponent() }
        let fromBundle = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : Bundle.main.bundleURL
        if FileManager.default.isExecutableFile(atPath: fromBundle.appendingPathComponent("satchel").path) { return fromBundle }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// The path of an executable in the bin directory.
    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Runs `executable` with `arguments`, an `environment` added to this process's, and `stdin`; waits for it.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: String = ""
    ) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        // Read both pipes fully before waiting, so a chatty child cannot block on a full pipe.
        let errorData = ReadAll(errors.fileHandleForReading)
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
            err: String(decoding: errorData.wait(), as: UTF8.self))
    }
}

/// Reads a file handle to its end on a thread of its own.
final class ReadAll: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
