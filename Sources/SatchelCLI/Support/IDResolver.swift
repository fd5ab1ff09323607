import Foundation

/// Turns what a person typed (a full id or a unique prefix of one) into the id it names.
public enum IDResolver {
    /// The one id in `candidates` that `text` names: the full id, or a prefix of exactly one id
    /// (case-insensitive, dashes optional). `kind` names the records in errors, e.g. `article`.
    public static func resolve(_ text: String, among candidates: [UUID], kind: String) throws -> UUID {
        let typed = normalized(text)
        guard !typed.isEmpty, typed.allSatisfy(\.isHexDigit) else {
            throw CLIError(
                "'\(text)' is not an id: use the hex id shown by the list, or a prefix of it.", exitCode: ExitStatus.usage)
        }
        let matches = candidates.filter { normalized($0.uuidString).hasPrefix(typed) }
        switch matches.count {
        case 1:
            return matches[0]
        case 0:
            throw CLIError("No \(kind) has an id starting with '\(text)'.", exitCode: ExitStatus.notFound)
        default:
            let shown = matches.prefix(5).map { short($0) }.joined(separator: ", ")
            throw CLIError(
                "The id prefix '\(text)' is ambiguous: \(matches.count) \(kind)s match (\(shown)); type more characters.",
                exitCode: ExitStatus.usage)
        }
    }

    /// The first eight hex digits, lower case: what lists show.
    public static func short(_ id: UUID) -> String {
        String(id.uuidString.lowercased().prefix(8))
    }

    private static func normalized(_ text: String) -> String {
        text.lowercased().filter { $0 != "-" }
    }
}
