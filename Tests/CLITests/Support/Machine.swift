import Foundation

/// A logged-in "machine" against a test server: a CLI with its own data directory.
enum Machine {
    /// Logs a new data directory under `root` in as the demo author `grace`.
    static func grace(_ name: String, root: URL, server: String) async throws -> CLI {
        let cli = CLI(dataDirectory: root.appendingPathComponent(name).path)
        _ = try await cli.ok(["login", "--server", server, "--username", "grace", "--password", "satchel-demo"])
        return cli
    }

    /// The full id printed by a `--quiet` command.
    static func id(_ output: String) -> String {
        output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
