import Foundation

/// Turns what a person typed (a full id, the short id lists show, or a unique start or end of an id)
/// into the id it names.
///
/// Satchel mints time-ordered ids (UUID version 7), whose first digits are the creation time and so are
/// shared by everything made in the same minute or so; their last digits are random. Lists therefore
/// show an id's last eight digits, and an id may be named by a unique start or end.
public enum IDResolver {
    /// The one id in `candidates` that `text` names: the full id, or the start or end of exactly one id
    /// (case-insensitive, dashes optional). `kind` names the records in errors, e.g. `article`.
    public static func resolve(_ text: String, among candidates: [UUID], kind: String) throws -> UUID {
        let typed = normalized(text)
        guard !typed.isEmpty, typed.allSatisfy(\.isHexDigit) else {
            throw CLIError(
                "'\(text)' is not an id: use the short hex id a list shows, or the full id.", exitCode: ExitStatus.usage)
        }
        if let exact = candidates.first(where: { normalized($0.uuidString) == typed }) { return exact }
        let matches = candidates.filter {
            let digits = normalized($0.uuidString)
            return digits.hasPrefix(typed) || digits.hasSuffix(typed)
        }
        switch matches.count {
        case 1:
            return matches[0]
        case 0:
            throw CLIError("No \(kind) has an id starting or ending with '\(text)'.", exitCode: ExitStatus.notFound)
        default:
            let shown = matches.prefix(5).map { short($0) }.joined(separator: ", ")
            throw CLIError(
                "The id '\(text)' is ambiguous: \(matches.count) \(kind)s match (\(shown)); type more characters.",
                exitCode: ExitStatus.usage)
        }
    }

    /// The last eight hex digits, lower case: what lists show (random even in time-ordered ids).
    public static func short(_ id: UUID) -> String {
        String(id.uuidString.lowercased().suffix(8))
    }

    private static func normalized(_ text: String) -> String {
        text.lowercased().filter { $0 != "-" }
    }
}
