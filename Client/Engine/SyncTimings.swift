import Foundation
import SatchelShared

/// How long the last completed sync took, and where the time went; kept in the local database so that
/// `satchel status --verbose` can show it later, offline.
public struct SyncTimings: Sendable, Hashable, Codable {
    /// When the sync started.
    public var startedAt: Date
    /// Wall time from start to finish, in milliseconds (backoff waits included).
    public var totalMilliseconds: Double
    /// Time spent in push requests, in milliseconds.
    public var pushMilliseconds: Double
    /// Time spent in pull requests, in milliseconds.
    public var pullMilliseconds: Double
    /// Push requests made.
    public var pushRequests: Int
    /// Pull requests made.
    public var pullRequests: Int
    /// Mutations pushed.
    public var pushed: Int
    /// Changes pulled.
    public var pulled: Int

    /// Creates timings.
    public init(
        startedAt: Date, totalMilliseconds: Double = 0, pushMilliseconds: Double = 0, pullMilliseconds: Double = 0,
        pushRequests: Int = 0, pullRequests: Int = 0, pushed: Int = 0, pulled: Int = 0
    ) {
        self.startedAt = startedAt
        self.totalMilliseconds = totalMilliseconds
        self.pushMilliseconds = pushMilliseconds
        self.pullMilliseconds = pullMilliseconds
        self.pushRequests = pushRequests
        self.pullRequests = pullRequests
        self.pushed = pushed
        self.pulled = pulled
    }

    /// Milliseconds of a duration.
    static func milliseconds(_ duration: Duration) -> Double {
        duration.inMilliseconds
    }
}
