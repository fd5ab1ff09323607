import Foundation

/// Gets a password from the flag, piped standard input, or a prompt that does not echo.
enum PasswordInput {
    /// `flag` when given; else the first line of standard input when it is piped; else a prompt.
    static func read(flag: String?) throws -> String {
        if let flag { return flag }
        let console = Console.current
        if !console.inputIsTerminal {
            guard let input = console.readInput(),
                  let line = input.split(separator: "\n", omittingEmptySubsequences: false).first, !line.isEmpty
            else {
                throw CLIError(
                    "No password: pass --password, pipe it on standard input, or type it at the prompt.",
                    exitCode: ExitStatus.usage)
            }
            return String(line)
        }
        return try prompt("Password: ")
    }

    /// Asks on the terminal with echo turned off, restoring the terminal afterwards.
    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var original = termios()
        let canHide = tcgetattr(STDIN_FILENO, &original) == 0
        if canHide {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if canHide { tcsetattr(STDIN_FILENO, TCSAFLUSH, &original) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CLIError("No password given.", exitCode: ExitStatus.usage)
        }
        return line
    }
}
