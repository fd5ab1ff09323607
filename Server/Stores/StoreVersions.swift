import Foundation

/// Counters a store moves on every committed write of a kind, read before serving from a cache: equal
/// counters mean nothing of that kind changed since the cached value was made.
public struct StoreVersions: Sendable, Hashable {
    /// Names the counters' lifetime (one database, or one SQLite server process), so counters of a
    /// recreated database never match values cached or tagged before.
    public var epoch: UInt64
    /// Moved by every committed write to posts, tags, comments and users (whose names posts show).
    public var content: Int64
    /// Moved by every token deleted (logout) and every user changed or deleted (a role taken away).
    public var auth: Int64

    /// Creates versions.
    public init(epoch: UInt64, content: Int64, auth: Int64) {
        self.epoch = epoch
        self.content = content
        self.auth = auth
    }
}

/// A store whose writes move ``StoreVersions``; other processes' writes included when the database is shared.
public protocol VersionStore: Sendable {
    /// The current versions: one cheap read (a single indexed row, or memory), made on every cacheable request.
    func versions() async throws -> StoreVersions
    /// Whether a version read is a round trip to a database server (worth sharing between concurrent
    /// requests) rather than a read of memory.
    var versionReadIsRoundTrip: Bool { get }
}

extension VersionStore {
    /// A read of memory, unless a store says otherwise.
    public var versionReadIsRoundTrip: Bool { false }
}
