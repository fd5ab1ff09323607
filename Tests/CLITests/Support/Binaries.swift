import Foundation
import SatchelTestSupport

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
    ) async throws -> CLIResult {
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
        // Read both pipes fully before waiting, so a chatty child cannot block on a full pipe; and wait on
        // threads of their own, never on one of Swift's cooperative pool, which the servers of other tests in
        // this process need (two blocked pool threads on a two-core machine stop every task).
        async let errorData = ChildProcess.readToEnd(errors.fileHandleForReading)
        async let outData = ChildProcess.readToEnd(output.fileHandleForReading)
        let status = await ChildProcess.exitStatus(of: process)
        return CLIResult(
            status: status, out: String(decoding: await outData, as: UTF8.self),
            err: String(decoding: await errorData, as: UTF8.self))
    }
}
