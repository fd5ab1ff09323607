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
