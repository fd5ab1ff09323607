import Foundation
import SatchelProcess
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

    /// Runs `executable` with `arguments`, an `environment` added to this process's, and `stdin`; waits for it
    /// (on threads of their own: other tests' servers in this process need every thread of Swift's pool).
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: String = ""
    ) async throws -> CLIResult {
        let child = try Spawned(
            executable, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            input: .pipe, output: .pipe, errors: .pipe)
        let (output, errors, termination) = await child.finish(writing: stdin)
        return CLIResult(
            status: termination.status, out: String(decoding: output, as: UTF8.self),
            err: String(decoding: errors, as: UTF8.self))
    }
}
