import Foundation

/// A database connection pool's figures, for `/metrics`.
public struct ConnectionPoolFigures: Sendable, Equatable {
    /// The largest number of connections the pool opens.
    public var size: Int
    /// Connections leased to a store operation now.
    public var inUse: Int
    /// Store operations waiting for a connection now.
    public var waiting: Int
}
