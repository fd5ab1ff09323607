import Foundation
import SatchelShared

/// The two calls of the sync protocol, as the engine needs them. ``SatchelAPI`` implements them over
/// HTTP; simulations implement them in memory.
public protocol SyncServer: Sendable {
    /// `POST /v1/sync/push`.
    func push(_ request: PushRequest) async throws -> PushResponse
    /// `GET /v1/sync/pull`: the page after `cursor` (from the start when `nil`). With `wait` > 0 the server
    /// may hold the request up to that many seconds until the feed has something after `cursor`; a server
    /// that cannot hold answers at once.
    func pull(cursor: String?, limit: Int, wait: Int) async throws -> PullResponse
}

/// What a sync did.
public struct SyncSummary: Sendable, Hashable, Codable {
    /// Mutations the server answered.
    public var pushed = 0
    /// Of those, merged with concurrent changes.
    public var merged = 0
    /// Of those, met a conflict (both versions kept).
    public var conflicts = 0
    /// Of those, rejected and set aside as dead letters.
    public var rejected = 0
    /// Changes pulled.
    public var pulled = 0
    /// Whether the cursor had expired and everything was re-read.
    public var fullResync = false
    /// Attachment files fetched into this machine's cache after the sync.
    public var filesFetched = 0
    /// Attachment files meant for offline reading that could not be fetched yet.
    public var filesPending = 0

    /// An empty summary.
    public init() {}
}

/// Progress of a long sync.
public struct SyncProgress: Sendable, Hashable {
    /// What is happening: `push` or `pull`.
    public var phase: String
    /// Items done so far in this phase.
    public var done: Int
    /// Items known in total for this phase (for pulls, grows while pages arrive).
    public var total: Int
}
