import Foundation
import SatchelProcess

/// Where long text comes from: a flag, piped standard input, or the reader's editor.
enum TextInput {
    /// Text piped on standard input, or `nil` when it is a terminal or nothing was piped.
    static func piped() -> String? {
        guard let input = Console.current.readInput(), !input.isEmpty else { return nil }
        return input
    }

    /// Opens `$VISUAL` or `$EDITOR` (default `vi`) on `initial` and returns the saved text.
    static func edit(
        _ initial: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> String {
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-draft-\(UUID().uuidString).md")
        _ = FileManager.default.createFile(
            atPath: file.path, contents: Data(initial.utf8), attributes: [.posixPermissions: 0o600])
        defer { try? FileManager.default.removeItem(at: file) }
        var childEnvironment = environment
        childEnvironment["SATCHEL_EDITOR"] = editor
        // The editor may carry arguments ("code --wait"), so the shell splits it.
        let editing: Spawned
        do {
            editing = try Spawned(
                "/bin/sh", ["-c", "exec $SATCHEL_EDITOR \"$1\"", "satchel-editor", file.path],
                environment: childEnvironment, input: .inherit, output: .inherit, errors: .inherit)
        } catch {
            throw CLIError("Cannot start the editor '\(editor)'; set $EDITOR, or pass --body.", exitCode: ExitStatus.usage)
        }
        let status = editing.waitBlocking().status
        guard status == 0 else {
            throw CLIError("The editor '\(editor)' exited with status \(status); nothing was changed.")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw CLIError("The edited text could not be read back; nothing was changed.")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
