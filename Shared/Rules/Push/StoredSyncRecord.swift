import Foundation
import SatchelShared

/// A synced record as the server keeps it: whole current state, per-field write times, feed position.
public struct StoredSyncRecord: Sendable, Hashable {
    /// The kind of record.
    public var entity: SyncEntity
    /// The record's id.
    public var recordId: UUID
    /// Position in the owner's change feed of the record's last write.
    public var version: Int
    /// Tombstone flag.
    public var deleted: Bool
    /// Current fields, including `id`.
    public var fields: [String: JSONValue]
    /// Per field, the hybrid-clock time of the write that set it.
    public var stamps: [String: HLCTimestamp]
    /// When the server last wrote it.
    public var updatedAt: Date

    /// Creates a stored record.
    public init(
        entity: SyncEntity, recordId: UUID, version: Int, deleted: Bool, fields: [String: JSONValue],
        stamps: [String: HLCTimestamp], updatedAt: Date
    ) {
        self.entity = entity
        self.recordId = recordId
        self.version = version
        self.deleted = deleted
        self.fields = fields
        self.stamps = stamps
        self.updatedAt = updatedAt
    }

}

/// Identifies a synced record within one user's data.
public struct SyncRecordKey: Hashable, Sendable {
    /// The kind of record.
    public let entity: SyncEntity
    /// The record's id.
    public let recordId: UUID

    /// Creates a key.
    public init(entity: SyncEntity, recordId: UUID) {
        self.entity = entity
        self.recordId = recordId
    }
}

/// A mutation with what the server prepared for it outside the transaction (a queued comment's
/// validation and moderation, which may read other data).
public struct PreparedMutation: Sendable {
    /// The mutation as pushed.
    public var mutation: Mutation
    /// For a comment create: the comment to store, or why it is refused.
    public var comment: Result<Comment, CommentRefusal>?

    /// Creates a prepared mutation.
    public init(mutation: Mutation, comment: Result<Comment, CommentRefusal>? = nil) {
        self.mutation = mutation
        self.comment = comment
    }
}
