import Foundation
import SatchelShared

/// One synced record as this machine holds it: the current local state and the last state the server
/// confirmed (the base), so that every local edit can be pushed with both its base and its new value.
public struct LocalRecord: Sendable, Hashable {
    /// The kind of record.
    public var entity: SyncEntity
    /// The record's id.
    public var id: UUID
    /// The current local state, including unpushed edits.
    public var fields: [String: JSONValue]
    /// The last state the server confirmed; `nil` until the record first syncs.
    public var base: [String: JSONValue]?
    /// The server version of `base`.
    public var baseVersion: Int?
    /// Deleted locally (or by the server); kept as a tombstone until the delete is confirmed.
    public var deleted: Bool
    /// When this machine last changed the record.
    public var updatedAt: Date

    /// Creates a record value.
    public init(
        entity: SyncEntity, id: UUID, fields: [String: JSONValue], base: [String: JSONValue]? = nil,
        baseVersion: Int? = nil, deleted: Bool = false, updatedAt: Date
    ) {
        self.entity = entity
        self.id = id
        self.fields = fields
        self.base = base
        self.baseVersion = baseVersion
        self.deleted = deleted
        self.updatedAt = updatedAt
    }
}

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
