import ArgumentParser
import Foundation

/// The `satchel` command: a reading list, drafts and offline comments that sync between machines.
public struct SatchelCommand: AsyncParsableCommand {
    /// The command tree.
    public static let configuration = CommandConfiguration(
        commandName: "satchel",
        abstract: "Keep a reading list, drafts and comments on several machines, in sync with a Satchel server.",
        discussion: """
            Every change is stored locally first and synced when the server is reachable, so the tool works \
            offline. Each data directory (--data-dir or $SATCHEL_HOME, default ~/.satchel) is one "machine": \
            its profile (server and login) and its local database.

            Example:
              satchel login --server http://127.0.0.1:8080 --username grace
              satchel save https://example.com/essay --tag longread
              satchel list --unread
            """,
        subcommands: [
            Register.self, Login.self, Logout.self,
            Save.self, CaptureCommand.self, Import.self, Export.self, GetFile.self, Open.self, List.self, Show.self, Read.self, Archive.self, Favorite.self, Tag.self, Progress.self,
            Note.self, Remove.self, HighlightCommand.self, Highlights.self, Unhighlight.self,
            FollowCommand.self, Follows.self, Unfollow.self, Inbox.self,
            DraftCommand.self,
            Posts.self, PostCommand.self, Random.self, CommentCommand.self,
            Sync.self, Status.self, Conflicts.self, Resolve.self, Dismiss.self,
            Extract.self,
        ])

    /// Accepted before a command name too; with no command, help is shown.
    @OptionGroup public var options: GlobalOptions

    /// Creates the command (ArgumentParser needs it).
    public init() {}

    /// Parses `arguments`, runs the command, and returns the exit status. Errors become one line on
    /// standard error; help goes to standard output with status 0.
    public static func execute(_ arguments: [String]) async -> Int32 {
        let console = Console.current
        let report = ErrorReport(json: arguments.prefix { $0 != "--" }.contains("--json"))
        do {
            var command = try parseAsRoot(reorderingGlobalOptions(arguments))
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            return ExitStatus.success
        } catch let error as CLIError {
            console.err(report.line(error.message, exitCode: error.exitCode))
            return error.exitCode
        } catch let error where isArgumentParserError(error) {
            let code = exitCode(for: error).rawValue
            if code == 0 {
                let help = fullMessage(for: error)
                if !help.isEmpty { console.out(help + "\n") }
                return ExitStatus.success
            }
            // One line, like every other error; `--help` has the details.
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "Invalid arguments."
            let status = code == 1 ? ExitStatus.usage : code
            console.err(report.line("\(message) (see --help)", exitCode: status))
            return status
        } catch {
            let mapped = CLIError.from(error)
            console.err(report.line(mapped.message, exitCode: mapped.exitCode))
            return mapped.exitCode
        }
    }

    /// Errors ArgumentParser itself raises or understands (usage, help, validation, exit codes).
    private static func isArgumentParserError(_ error: any Error) -> Bool {
        error is ValidationError || error is ExitCode || error is CleanExit
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    /// Moves global options written before the command name (`satchel --data-dir A save URL`) to just
    /// after it, where the command's option group parses them.
    static func reorderingGlobalOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            let name = first.split(separator: "=", maxSplits: 1).first.map(String.init) ?? first
            if GlobalOptions.flags.contains(first) {
                leading.append(first)
                rest = rest.dropFirst()
            } else if GlobalOptions.valueOptions.contains(name) {
                leading.append(first)
                rest = rest.dropFirst()
                if !first.contains("="), let value = rest.first {
                    leading.append(value)
                    rest = rest.dropFirst()
                }
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        var path: [String] = []
        var commands: [any ParsableCommand.Type] = configuration.subcommands
        while let word = rest.first, let match = commands.first(where: { $0._commandName == word }) {
            path.append(word)
            rest = rest.dropFirst()
            commands = match.configuration.subcommands
        }
        return path + leading + Array(rest)
    }
}
