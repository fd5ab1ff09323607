import ArgumentParser
import Foundation
import Testing
@testable import SatchelCLI

@Suite("--help")
struct HelpTests {
    /// Every command path, e.g. `["draft", "new"]`.
    static func commandPaths(_ commands: [any ParsableCommand.Type] = SatchelCommand.configuration.subcommands,
                             prefix: [String] = []) -> [[String]] {
        commands.flatMap { command -> [[String]] in
            let path = prefix + [command._commandName]
            return [path] + commandPaths(command.configuration.subcommands, prefix: path)
        }
    }

    @Test("every command has help with an example, printed on stdout with status 0")
    func everyCommandHasAnExample() async throws {
        let paths = Self.commandPaths()
        #expect(paths.count >= 27)
        try await withTemporaryDirectory { root in
            for path in paths + [[]] {
                let result = await CLI(dataDirectory: root.path).run(path + ["--help"])
                #expect(result.status == 0, "\(path)")
                #expect(result.out.contains("Example:"), "\(path)")
                #expect(result.err.isEmpty, "\(path)")
            }
        }
    }

    @Test("an unknown command or option is a one-line usage error")
    func unknownOption() async throws {
        try await withTemporaryDirectory { root in
            let result = await CLI(dataDirectory: root.path).run(["list", "--colour"])
            #expect(result.status == 64)
            #expect(result.err.hasPrefix("satchel: ") && result.err.filter { $0 == "\n" }.count == 1)
        }
    }
}
