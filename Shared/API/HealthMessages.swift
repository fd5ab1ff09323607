import Foundation

/// `GET /health`: the server is up, the sync protocol it speaks, and its version.
public struct ServerHealth: Codable, Sendable, Hashable {
    /// Always `ok` when the server answers.
    public var status: String
    /// The wire protocol version the server speaks.
    public var protocolVersion: Int
    /// The server's version; absent from servers older than this field.
    public var version: String?

    /// Creates a health answer.
    public init(status: String, protocolVersion: Int, version: String?) {
        self.status = status
        self.protocolVersion = protocolVersion
        self.version = version
    }
}
