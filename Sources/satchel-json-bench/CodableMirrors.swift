import Foundation
import SatchelShared

// The sync wire types (`PushRequest`, `Mutation`, `FieldChange`, `PushResponse`, `MutationResult`,
// `PullResponse`, `SyncChange`) are not Codable: they have only the hand-written codec. These are their
// closest Codable mirrors, with synthesized conformances, as a Foundation-only protocol would declare them.
// Through `SatchelJSON.encoder()` they write the same bytes as the hand-written writers (checked before timing).

/// `FieldChange` for Foundation's coders.
struct FieldChangeMirror: Codable, Hashable {
    /// The server-confirmed value the edit started from.
    var base: JSONValue?
    /// The new value.
    var value: JSONValue
}

/// `Mutation` for Foundation's coders.
struct MutationMirror: Codable, Hashable {
    /// Client-made id.
    var id: UUID
    /// The kind of record.
    var entity: SyncEntity
    /// The record's id.
    var recordId: UUID
    /// Create, update or delete.
    var op: MutationOp
    /// The record version the base came from.
    var baseVersion: Int?
    /// When the change was made.
    var hlc: HLCTimestamp
    /// Changed fields.
    var fields: [String: FieldChangeMirror]
}

/// `PushRequest` for Foundation's coders.
struct PushRequestMirror: Codable {
    /// The pushing installation's id.
    var clientId: String
    /// The mutations.
    var mutations: [MutationMirror]
}

/// `MutationResult` for Foundation's coders.
struct MutationResultMirror: Codable, Hashable {
    /// The mutation's id.
    var id: UUID
    /// What happened.
    var status: MutationStatus
    /// The record's version after the mutation.
    var version: Int?
    /// The record's state, when it differs from what was sent.
    var record: JSONValue?
    /// Whether the record is deleted.
    var deleted: Bool
    /// Conflict records written.
    var conflictIds: [UUID]
    /// Why it was rejected, in words.
    var reason: String?
    /// Why it was rejected, as a code.
    var code: String?
}

/// `PushResponse` for Foundation's coders.
struct PushResponseMirror: Codable {
    /// One result per mutation.
    var results: [MutationResultMirror]
    /// The server's clock reading.
    var serverTime: Date
}

/// `SyncChange` for Foundation's coders.
struct SyncChangeMirror: Codable, Hashable {
    /// The kind of record.
    var entity: SyncEntity
    /// The record's id.
    var recordId: UUID
    /// The record's version.
    var version: Int
    /// A tombstone.
    var deleted: Bool
    /// The record's fields.
    var record: JSONValue
}

/// `PullResponse` for Foundation's coders.
struct PullResponseMirror: Codable {
    /// The changes.
    var changes: [SyncChangeMirror]
    /// The next cursor.
    var cursor: String
    /// Whether more changes wait.
    var hasMore: Bool
}

extension PushRequestMirror {
    /// The mirror of a push request.
    init(_ request: PushRequest) {
        clientId = request.clientId
        mutations = request.mutations.map { mutation in
            MutationMirror(
                id: mutation.id, entity: mutation.entity, recordId: mutation.recordId, op: mutation.op,
                baseVersion: mutation.baseVersion, hlc: mutation.hlc,
                fields: mutation.fields.mapValues { FieldChangeMirror(base: $0.base, value: $0.value) })
        }
    }

    /// The push request this mirror stands for.
    var wire: PushRequest {
        PushRequest(clientId: clientId, mutations: mutations.map { mirror in
            Mutation(
                id: mirror.id, entity: mirror.entity, recordId: mirror.recordId, op: mirror.op,
                baseVersion: mirror.baseVersion, hlc: mirror.hlc,
                fields: mirror.fields.mapValues { FieldChange(base: $0.base, value: $0.value) })
        })
    }
}

extension PushResponseMirror {
    /// The mirror of a push response.
    init(_ response: PushResponse) {
        serverTime = response.serverTime
        results = response.results.map { result in
            MutationResultMirror(
                id: result.id, status: result.status, version: result.version, record: result.record,
                deleted: result.deleted, conflictIds: result.conflictIds, reason: result.reason, code: result.code)
        }
    }

    /// The results this mirror stands for.
    var wireResults: [MutationResult] {
        results.map { mirror in
            MutationResult(
                id: mirror.id, status: mirror.status, version: mirror.version, record: mirror.record,
                deleted: mirror.deleted, conflictIds: mirror.conflictIds, reason: mirror.reason, code: mirror.code)
        }
    }
}

extension PullResponseMirror {
    /// The mirror of a pull page whose records are parsed.
    init(changes parsed: [SyncChange], cursor: String, hasMore: Bool) {
        self.cursor = cursor
        self.hasMore = hasMore
        changes = parsed.map { change in
            SyncChangeMirror(
                entity: change.entity, recordId: change.recordId, version: change.version, deleted: change.deleted,
                record: change.record)
        }
    }

    /// The changes this mirror stands for.
    var wireChanges: [SyncChange] {
        changes.map { mirror in
            SyncChange(entity: mirror.entity, recordId: mirror.recordId, version: mirror.version, deleted: mirror.deleted,
                       record: mirror.record)
        }
    }
}
