import Foundation

/// How much an account may store as blobs, and for how long unreferenced blobs are kept.
public struct BlobServerLimits: Sendable, Hashable {
    /// Largest blob in bytes (`--max-blob-bytes`): 256 MiB by default.
    public var maxBlobBytes: Int64
    /// Bytes of blobs and staged uploads one account may hold (`--blob-quota-bytes`): 1 GiB by default.
    public var quotaBytes: Int64
    /// Seconds an unreferenced, unasked-for blob is kept before it is deleted (`--blob-grace-hours`): 24 hours.
    public var grace: TimeInterval

    /// Creates limits; every argument has a default.
    public init(maxBlobBytes: Int64 = 256 << 20, quotaBytes: Int64 = 1 << 30, grace: TimeInterval = 86_400) {
        self.maxBlobBytes = maxBlobBytes
        self.quotaBytes = quotaBytes
        self.grace = grace
    }
}
