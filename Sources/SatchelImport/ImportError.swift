import SatchelArchive

/// Why an export file cannot be read at all (nothing of it is imported).
public enum ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Larger than ``ImportReader/maximumBytes``.
    case tooLarge(limit: Int)
    /// Not UTF-8 text.
    case notUTF8
    /// A CSV without the columns its format needs.
    case missingColumns([String])
    /// A CSV row or field past the limits (a runaway quote, say).
    case malformed(String)
    /// A ZIP archive that cannot be read safely (a `../` name, a ZIP bomb, damage).
    case archive(ArchiveError)
    /// A format given with `--format` that the file is not.
    case wrongFormat(expected: ImportFormat)

    /// One sentence for the reader.
    public var description: String {
        switch self {
        case .tooLarge(let limit): "The file is larger than \(limit / 1_048_576) MiB; split it and import the parts."
        case .notUTF8: "The file is not UTF-8 text; save it again as UTF-8."
        case .missingColumns(let names): "The CSV lacks the column\(names.count == 1 ? "" : "s") \(names.joined(separator: ", "))."
        case .malformed(let detail): "The file cannot be read: \(detail)."
        case .archive(let error): "The file cannot be read: \(error)."
        case .wrongFormat(let format):
            format.isArchive ? "The file is not a ZIP archive, so it is not \(format.rawValue)." : "The file is a ZIP archive, not \(format.rawValue)."
        }
    }
}
