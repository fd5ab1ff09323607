import Foundation
import SatchelStores

/// Which store the server runs on, parsed from `--database` or `SATCHEL_DATABASE_URL`: a
/// `postgres://` URL selects PostgreSQL, anything without a scheme is the path of a SQLite file.
///
/// ```swift
/// try DatabaseLocation(parsing: "satchel.sqlite")                      // .sqlite(path: "satchel.sqlite")
/// try DatabaseLocation(parsing: "postgres://satchel@127.0.0.1/satchel") // .postgres(…)
/// ```
public enum DatabaseLocation: Sendable, Hashable {
    /// The embedded SQLite store in the file at `path`.
    case sqlite(path: String)
    /// A PostgreSQL database shared by any number of server processes.
    case postgres(PostgresStoreConfiguration)

    /// Parses a path or URL; throws a ``DatabaseURLError`` for a URL that cannot be used.
    public init(parsing text: String) throws(DatabaseURLError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw DatabaseURLError("is empty; give a SQLite file path or a postgres:// URL.") }
        if let schemeEnd = trimmed.range(of: "://") {
            let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
            if scheme == "sqlite" {
                let path = String(trimmed[schemeEnd.upperBound...])
                guard !path.isEmpty else { throw DatabaseURLError("has no file path after sqlite://.") }
                self = .sqlite(path: path)
                return
            }
            self = .postgres(try PostgresStoreConfiguration(url: trimmed))
            return
        }
        self = .sqlite(path: trimmed)
    }
}
