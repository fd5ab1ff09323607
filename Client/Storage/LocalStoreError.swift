/// Why a local operation was refused.
public enum LocalStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No record with this id.
    case notFound(String)
    /// A value is invalid.
    case invalid(String)
    /// No server is configured for syncing.
    case noServer

    /// A one-line message.
    public var description: String {
        switch self {
        case .notFound(let what): "\(what) was not found."
        case .invalid(let why): why
        case .noServer: "No server is configured; log in first."
        }
    }
}
