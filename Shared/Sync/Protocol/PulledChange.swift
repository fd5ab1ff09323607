import Foundation

/// One change of a ``PullResponse``: a ``SyncChange`` whose record is still JSON text.
public struct PulledChange: Sendable, Hashable {
    /// The kind of record.
    public var entity: SyncEntity
    /// The record's id.
    public var recordId: UUID
    /// The record's version: its position in the user's change feed.
    public var version: Int
    /// A tombstone: delete the record locally.
    public var deleted: Bool
    /// The record's JSON text, checked as strictly as `JSONValue(parsing:)` checks it.
    public var recordText: String

    /// Creates a change from its parts.
    public init(entity: SyncEntity, recordId: UUID, version: Int, deleted: Bool, recordText: String) {
        self.entity = entity
        self.recordId = recordId
        self.version = version
        self.deleted = deleted
        self.recordText = recordText
    }

    /// The change with its record written as compact JSON.
    public init(_ change: SyncChange) {
        self.init(
            entity: change.entity, recordId: change.recordId, version: change.version, deleted: change.deleted,
            recordText: change.record.jsonText)
    }

    /// Whether the record is a JSON object (a record's fields) rather than another value.
    public var recordIsObject: Bool { recordText.utf8.first == UInt8(ascii: "{") }

    /// The change with its record parsed.
    public func parsed() throws(JSONParseError) -> SyncChange {
        SyncChange(entity: entity, recordId: recordId, version: version, deleted: deleted, record: try JSONValue(parsing: recordText))
    }
}
