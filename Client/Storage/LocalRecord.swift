import Foundation
import SatchelShared

/// Where a record stands with the server.
public enum RecordSyncState: String, Sendable, Codable, CaseIterable {
    /// Local changes wait to be pushed.
    case pending
    /// The server has everything this machine has.
    case synced
    /// An unresolved conflict record names it.
    case conflicted
    /// The server refused one of its changes; see the dead letters.
    case rejected
}

/// A mutation waiting in the change log (outbox) to be pushed.
public struct OutboxEntry: Sendable, Hashable {
    /// Position in the log: pushes go in this order.
    public var sequence: Int64
    /// The mutation, with the id it keeps across every retry.
    public var mutation: Mutation

    /// Creates an outbox entry.
    public init(sequence: Int64, mutation: Mutation) {
        self.sequence = sequence
        self.mutation = mutation
    }
}

/// A mutation the server rejected, set aside so it never blocks the queue.
public struct DeadLetter: Sendable, Hashable {
    /// The rejected mutation.
    public var mutation: Mutation
    /// The server's reason.
    public var reason: String
    /// When it was set aside.
    public var rejectedAt: Date
}

/// A record's identity across entities.
struct RecordKey: Hashable, Sendable {
    var entity: SyncEntity
    var id: UUID
}
