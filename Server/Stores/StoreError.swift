import Foundation

/// Why a store refused or failed an operation. Its `description` never contains SQL or data.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A unique value is already taken; `field` names the API field (e.g. `username`, `slug`).
    case duplicate(field: String)
    /// The record changed since the caller read it (optimistic concurrency).
    case versionMismatch(current: Int)
    /// A referenced record does not exist.
    case missingReference(field: String)
    /// The change would leave the server without an admin.
    case lastAdmin
    /// The database failed (it may work again soon: a 503); the underlying error is logged, never shown.
    case unavailable(String)
    /// A stored row cannot be read back (a bad manual edit, a broken restore): a 500 whose `what` is logged
    /// with the request id and counted, never shown, and never papered over with a default value.
    case corrupt(String)

    /// Text safe to show to a client.
    public var description: String {
        switch self {
        case .duplicate(let field): "The \(field) is already taken."
        case .versionMismatch(let current): "The record changed; its current version is \(current)."
        case .missingReference(let field): "The record named by \(field) does not exist."
        case .lastAdmin: "This is the server's last admin; make another user an admin first."
        case .unavailable: "The database is unavailable."
        case .corrupt: "The server's stored data could not be read; the error has been logged."
        }
    }
}
