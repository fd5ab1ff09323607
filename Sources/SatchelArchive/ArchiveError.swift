/// Why a ZIP archive cannot be read or written. Reading stops at the first problem: nothing of a refused
/// archive is used.
public enum ArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not a ZIP archive, or its directory is damaged.
    case notAnArchive(String)
    /// An entry's name is absolute, climbs out with `..`, or holds a backslash or a control character.
    case unsafeName(String)
    /// More entries than ``ArchiveLimits/maximumEntries``.
    case tooManyEntries(limit: Int)
    /// An entry larger than ``ArchiveLimits/maximumEntryBytes``, or the archive's entries together larger
    /// than ``ArchiveLimits/maximumTotalBytes``.
    case tooLarge(String, limit: Int64)
    /// An entry that expands far more than real files do: a ZIP bomb.
    case bomb(String)
    /// An encrypted entry.
    case encrypted(String)
    /// An entry whose data is damaged (its checksum or size does not match).
    case damaged(String)
    /// Writing the archive failed.
    case cannotWrite(String)

    /// One sentence for the reader.
    public var description: String {
        switch self {
        case .notAnArchive(let detail): "it is not a readable ZIP archive (\(detail))"
        case .unsafeName(let name): "the archive names an entry \"\(name.prefix(200))\" outside itself"
        case .tooManyEntries(let limit): "the archive holds more than \(limit) entries"
        case .tooLarge(let name, let limit): "\(name.prefix(200)) expands past \(limit / 1_048_576) MiB"
        case .bomb(let name): "\(name.prefix(200)) expands more than a real file does (a ZIP bomb)"
        case .encrypted(let name): "\(name.prefix(200)) is encrypted"
        case .damaged(let detail): "the archive is damaged (\(detail))"
        case .cannotWrite(let detail): "the archive cannot be written (\(detail))"
        }
    }
}
