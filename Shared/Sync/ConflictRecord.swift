import Foundation

/// A field two machines changed in ways that could not both be kept. Both values are preserved here;
/// it syncs to every machine of the user and is resolved by updating `resolved` and `resolution`.
public struct ConflictRecord: Codable, Sendable, Hashable, Identifiable {
    /// Conflict id.
    public var id: UUID
    /// The kind of record in conflict.
    public var entity: SyncEntity
    /// The record in conflict.
    public var recordId: UUID
    /// The field in conflict; `deleted` for an edit concurrent with a delete.
    public var field: String
    /// The common ancestor both sides started from.
    public var base: JSONValue?
    /// The value the server held (committed first).
    public var local: JSONValue
    /// The value the pushing machine sent.
    public var remote: JSONValue
    /// The rule that was applied: a ``MergeRule`` name, or `updateWinsOverDelete`.
    public var rule: String
    /// The value kept in the record.
    public var kept: JSONValue
    /// The installation whose push met the conflict.
    public var clientId: String
    /// When the server recorded it.
    public var createdAt: Date
    /// Whether someone resolved it.
    public var resolved: Bool
    /// How: `mine`, `theirs`, `both` or `value`.
    public var resolution: String?

    /// Creates a conflict record.
    public init(
        id: UUID, entity: SyncEntity, recordId: UUID, field: String, base: JSONValue?, local: JSONValue,
        remote: JSONValue, rule: String, kept: JSONValue, clientId: String, createdAt: Date,
        resolved: Bool = false, resolution: String? = nil
    ) {
        self.id = id
        self.entity = entity
        self.recordId = recordId
        self.field = field
        self.base = base
        self.local = local
        self.remote = remote
        self.rule = rule
        self.kept = kept
        self.clientId = clientId
        self.createdAt = createdAt
        self.resolved = resolved
        self.resolution = resolution
    }

    /// The rule name of an edit concurrent with a delete: the record is kept with the edit.
    public static let updateWinsOverDelete = "updateWinsOverDelete"
}
