import Foundation

/// Where commands write and read: the process's standard streams, or a capture in tests.
public struct Console: Sendable {
    /// Writes text to standard output.
    public var out: @Sendable (String) -> Void
    /// Writes text to standard error.
    public var err: @Sendable (String) -> Void
    /// Reads all of standard input; `nil` when it is a terminal (nothing piped in).
    public var readInput: @Sendable () -> String?
    /// Whether standard output is a terminal (progress bars, colours of speech).
    public var outputIsTerminal: Bool
    /// Whether standard input is a terminal (prompts are possible).
    public var inputIsTerminal: Bool

    /// Creates a console from its parts.
    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
        readInput: @escaping @Sendable () -> String?, outputIsTerminal: Bool, inputIsTerminal: Bool
    ) {
        self.out = out
        self.err = err
        self.readInput = readInput
        self.outputIsTerminal = outputIsTerminal
        self.inputIsTerminal = inputIsTerminal
    }

    /// The process's standard streams.
    public static let standard = Console(
        out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
        err: { text in FileHandle.standardError.write(Data(text.utf8)) },
        readInput: {
            guard isatty(STDIN_FILENO) == 0 else { return nil }
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        },
        outputIsTerminal: isatty(STDOUT_FILENO) != 0, inputIsTerminal: isatty(STDIN_FILENO) != 0)

    /// The console of the running command; tests bind a capturing one.
    @TaskLocal public static var current: Console = .standard

    /// Writes one line to standard output.
    func line(_ text: String = "") { out(text + "\n") }
}
