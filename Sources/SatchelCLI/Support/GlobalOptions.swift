import ArgumentParser

/// Options every command takes; they may also come before the command name (`satchel --data-dir A list`).
public struct GlobalOptions: ParsableArguments, Sendable {
    /// The data directory (profile and local database).
    @Option(name: .customLong("data-dir"), help: ArgumentHelp(
        "Where this machine's profile and database live (default: $SATCHEL_HOME, else ~/.satchel).",
        valueName: "dir"))
    public var dataDirectory: String?

    /// Print JSON instead of text.
    @Flag(help: "Print JSON for scripts instead of text.")
    public var json = false

    /// Record local changes without trying to sync them right away.
    @Flag(help: "Only record changes locally; do not try to sync them now.")
    public var offline = false

    /// Creates the options with their defaults.
    public init() {}

    /// The names of the options above, for moving them after the command name before parsing.
    static let valueOptions: Set<String> = ["--data-dir"]
    static let flags: Set<String> = ["--json", "--offline"]
}
