import Foundation

/// The kinds of record that travel through sync.
public enum SyncEntity: String, Codable, Sendable, CaseIterable {
    /// A reading-list entry (``SavedArticle``).
    case savedArticle
    /// A draft of a post or comment (``Draft``).
    case draft
    /// A comment written offline; create only. Delivered once, then moderated like any comment.
    case comment
    /// A conflict record the server wrote when two machines' edits could not both be kept.
    case conflict
    /// A passage marked in a saved article, with a note (``Highlight``).
    case highlight
    /// An author of this server or a site's feed a reader follows (``Follow``).
    case follow
}

/// What a mutation does to its record.
public enum MutationOp: String, Codable, Sendable, CaseIterable {
    /// Make the record (a no-op when an equal record exists).
    case create
    /// Change some fields.
    case update
    /// Delete the record (a tombstone travels to other machines).
    case delete
}

/// One field of a mutation: the value the client last saw from the server, and its new value.
public struct FieldChange: Sendable, Hashable {
    /// The server-confirmed value the edit started from; `nil` for a create.
    public var base: JSONValue?
    /// The new value.
    public var value: JSONValue

    /// Creates a field change.
    public init(base: JSONValue?, value: JSONValue) {
        self.base = base
        self.value = value
    }
}

/// One local change, as the client's change log holds it and pushes it.
public struct Mutation: Sendable, Hashable, Identifiable {
    /// Client-made id; the server applies each id at most once per user.
    public var id: UUID
    /// The kind of record.
    public var entity: SyncEntity
    /// The record's id (client-made for records made offline).
    public var recordId: UUID
    /// Create, update or delete.
    public var op: MutationOp
    /// The record version the client's base came from; `nil` for a create.
    public var baseVersion: Int?
    /// When the change was made, on the client's hybrid logical clock.
    public var hlc: HLCTimestamp
    /// Changed fields with base and new value; empty for a delete.
    public var fields: [String: FieldChange]

    /// Creates a mutation.
    public init(
        id: UUID = .timeOrdered(), entity: SyncEntity, recordId: UUID, op: MutationOp, baseVersion: Int? = nil,
        hlc: HLCTimestamp, fields: [String: FieldChange] = [:]
    ) {
        self.id = id
        self.entity = entity
        self.recordId = recordId
        self.op = op
        self.baseVersion = baseVersion
        self.hlc = hlc
        self.fields = fields
    }
}

/// `POST /v1/sync/push` body.
public struct PushRequest: Sendable {
    /// The pushing installation's stable id (recorded on conflict records).
    public var clientId: String
    /// Mutations in the order they were made; at most ``SyncLimits/maxPushBatch``.
    public var mutations: [Mutation]

    /// Creates a push request.
    public init(clientId: String, mutations: [Mutation]) {
        self.clientId = clientId
        self.mutations = mutations
    }
}

/// What the server did with one mutation.
public enum MutationStatus: String, Codable, Sendable, CaseIterable {
    /// Applied as sent.
    case applied
    /// Applied after merging with concurrent changes; `record` holds the merged state.
    case merged
    /// Something could not be merged: both versions are kept and `conflictIds` name the conflict records.
    case conflict
    /// Not applied; `reason` says why. The client sets it aside (dead letter) and goes on.
    case rejected
}

/// The server's answer to one mutation.
public struct MutationResult: Sendable, Hashable {
    /// The mutation's id.
    public var id: UUID
    /// What happened.
    public var status: MutationStatus
    /// The record's version after the mutation; `nil` when rejected.
    public var version: Int?
    /// The record's state after the mutation, present when it differs from what was sent (`merged`,
    /// `conflict`) and for comments (the server's comment with its moderation status).
    public var record: JSONValue?
    /// Whether the record is deleted after the mutation.
    public var deleted: Bool
    /// Conflict records written for this mutation.
    public var conflictIds: [UUID]
    /// Why it was rejected, in words a person can read.
    public var reason: String?
    /// Why it was rejected, as a ``RejectionCode`` raw value (text, so a newer server's codes still decode).
    public var code: String?

    /// Creates a result.
    public init(
        id: UUID, status: MutationStatus, version: Int?, record: JSONValue?, deleted: Bool = false,
        conflictIds: [UUID] = [], reason: String? = nil, code: String? = nil
    ) {
        self.id = id
        self.status = status
        self.version = version
        self.record = record
        self.deleted = deleted
        self.conflictIds = conflictIds
        self.reason = reason
        self.code = code
    }
}

/// `POST /v1/sync/push` response.
public struct PushResponse: Sendable {
    /// One result per mutation, in request order.
    public var results: [MutationResult]
    /// The server's clock reading, for the client's hybrid logical clock.
    public var serverTime: Date

    /// Creates a push response.
    public init(results: [MutationResult], serverTime: Date) {
        self.results = results
        self.serverTime = serverTime
    }
}

/// One change in the pull feed: the record's whole current state, or a tombstone.
public struct SyncChange: Sendable, Hashable {
    /// The kind of record.
    public var entity: SyncEntity
    /// The record's id.
    public var recordId: UUID
    /// The record's version: its position in the user's change feed.
    public var version: Int
    /// A tombstone: delete the record locally.
    public var deleted: Bool
    /// The record's fields (including `id`); for tombstones, its last state.
    public var record: JSONValue

    /// Creates a change.
    public init(entity: SyncEntity, recordId: UUID, version: Int, deleted: Bool, record: JSONValue) {
        self.entity = entity
        self.recordId = recordId
        self.version = version
        self.deleted = deleted
        self.record = record
    }
}

/// `GET /v1/sync/pull` response: the one pull page type, from the server's writer to the client's store.
/// Each change keeps its record as the JSON text it travels as (checked as strictly as `JSONValue(parsing:)`
/// checks it), so a client stores a record it does not hold yet without building and re-encoding its fields;
/// ``PulledChange/parsed()`` builds the fields when they are needed.
public struct PullResponse: Sendable {
    /// Changes after the request's cursor, in commit order.
    public var changes: [PulledChange]
    /// Opaque: pass as `?cursor=` next time.
    public var cursor: String
    /// Whether more changes wait: pull again at once.
    public var hasMore: Bool

    /// Creates a page from changes whose records are text.
    public init(changes: [PulledChange], cursor: String, hasMore: Bool) {
        self.changes = changes
        self.cursor = cursor
        self.hasMore = hasMore
    }

    /// Creates a page from parsed changes (servers written in Swift, simulations), each record written as compact JSON.
    public init(changes: [SyncChange], cursor: String, hasMore: Bool) {
        self.init(changes: changes.map(PulledChange.init), cursor: cursor, hasMore: hasMore)
    }
}

/// Limits of the sync API.
public enum SyncLimits {
    /// Most mutations in one push.
    public static let maxPushBatch = 500
    /// Largest push body: 8 MiB (drafts can be long).
    public static let maxPushBytes = 8 << 20
    /// Default changes per pull page.
    public static let defaultPullPage = 500
    /// Most changes per pull page.
    public static let maxPullPage = 1_000
}
