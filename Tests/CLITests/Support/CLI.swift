import Foundation
import SatchelCLI

/// What one run of the tool printed and returned.
struct CLIResult: Sendable {
    var status: Int32
    var out: String
    var err: String
}

/// Runs `satchel` commands in-process with captured output, each against a given data directory.
struct CLI: Sendable {
    /// The data directory every command of this "machine" uses.
    let dataDirectory: String

    /// Runs `satchel --data-dir DIR ARGS…` with `stdin` piped in (or none, as if from a terminal).
    func run(_ arguments: [String], stdin: String? = nil) async -> CLIResult {
        let capture = Capture()
        let console = Console(
            out: { capture.append(out: $0) }, err: { capture.append(err: $0) }, readInput: { stdin },
            outputIsTerminal: false, inputIsTerminal: stdin == nil)
        let status = await Console.$current.withValue(console) {
            await SatchelCommand.execute(["--data-dir", dataDirectory] + arguments)
        }
        return CLIResult(status: status, out: capture.out, err: capture.err)
    }

    /// Runs a command that must succeed and returns its standard output.
    func ok(_ arguments: [String], stdin: String? = nil) async throws -> String {
        let result = await run(arguments, stdin: stdin)
        guard result.status == 0 else {
            throw CLIFailure(arguments: arguments, result: result)
        }
        return result.out
    }

    /// Runs a command with `--json` and decodes its output.
    func json(_ arguments: [String]) async throws -> Any {
        let out = try await ok(arguments + ["--json"])
        return try JSONSerialization.jsonObject(with: Data(out.utf8))
    }
}

/// Where a test expected success but the command failed.
struct CLIFailure: Error, CustomStringConvertible {
    var arguments: [String]
    var result: CLIResult
    var description: String { "satchel \(arguments.joined(separator: " ")) exited \(result.status): \(result.err)" }
}

/// Collects output written from any thread.
final class Capture: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""

    func append(out text: String) { lock.withLock { outText += text } }
    func append(err text: String) { lock.withLock { errText += text } }
    var out: String { lock.withLock { outText } }
    var err: String { lock.withLock { errText } }
}

/// A fresh temporary directory, removed when `body` ends.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}
