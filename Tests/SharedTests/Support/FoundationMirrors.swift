import Foundation
@testable import SatchelShared

/// A test-only twin of a sync message with the same stored properties and Foundation's synthesized `Codable`:
/// the differential oracle for the messages' one hand-written wire coding (same bytes written, same documents
/// accepted). The messages themselves are not `Codable`.
protocol FoundationMirror: Codable {
    /// The sync message this twin mirrors.
    associatedtype Message: SyncWireCodable
    /// The twin of `message`.
    init(_ message: Message)
    /// The message this twin holds.
    var message: Message { get }
}

struct FieldChangeMirror: FoundationMirror {
    var base: JSONValue?
    var value: JSONValue
    init(_ message: FieldChange) { (base, value) = (message.base, message.value) }
    var message: FieldChange { FieldChange(base: base, value: value) }
}

struct MutationMirror: FoundationMirror {
    var id: UUID
    var entity: SyncEntity
    var recordId: UUID
    var op: MutationOp
    var baseVersion: Int?
    var hlc: HLCTimestamp
    var fields: [String: FieldChangeMirror]

    init(_ message: Mutation) {
        (id, entity, recordId, op) = (message.id, message.entity, message.recordId, message.op)
        (baseVersion, hlc, fields) = (message.baseVersion, message.hlc, message.fields.mapValues(FieldChangeMirror.init))
    }

    var message: Mutation {
        Mutation(
            id: id, entity: entity, recordId: recordId, op: op, baseVersion: baseVersion, hlc: hlc,
            fields: fields.mapValues(\.message))
    }
}

struct PushRequestMirror: FoundationMirror {
    var clientId: String
    var mutations: [MutationMirror]
    init(_ message: PushRequest) { (clientId, mutations) = (message.clientId, message.mutations.map(MutationMirror.init)) }
    var message: PushRequest { PushRequest(clientId: clientId, mutations: mutations.map(\.message)) }
}

struct MutationResultMirror: FoundationMirror {
    var id: UUID
    var status: MutationStatus
    var version: Int?
    var record: JSONValue?
    var deleted: Bool
    var conflictIds: [UUID]
    var reason: String?
    var code: String?

    init(_ message: MutationResult) {
        (id, status, version, record) = (message.id, message.status, message.version, message.record)
        (deleted, conflictIds, reason, code) = (message.deleted, message.conflictIds, message.reason, message.code)
    }

    var message: MutationResult {
        MutationResult(
            id: id, status: status, version: version, record: record, deleted: deleted, conflictIds: conflictIds,
            reason: reason, code: code)
    }
}

struct PushResponseMirror: FoundationMirror {
    var results: [MutationResultMirror]
    var serverTime: Date
    init(_ message: PushResponse) { (results, serverTime) = (message.results.map(MutationResultMirror.init), message.serverTime) }
    var message: PushResponse { PushResponse(results: results.map(\.message), serverTime: serverTime) }
}

struct SyncChangeMirror: FoundationMirror {
    var entity: SyncEntity
    var recordId: UUID
    var version: Int
    var deleted: Bool
    var record: JSONValue

    init(_ message: SyncChange) {
        (entity, recordId, version, deleted, record) = (
            message.entity, message.recordId, message.version, message.deleted, message.record
        )
    }

    var message: SyncChange {
        SyncChange(entity: entity, recordId: recordId, version: version, deleted: deleted, record: record)
    }
}

struct PullResponseMirror: FoundationMirror {
    var changes: [SyncChangeMirror]
    var cursor: String
    var hasMore: Bool

    init(_ message: PullResponse) {
        // A record whose text does not parse is left out, so the comparison that follows fails.
        let parsed = message.changes.compactMap { try? $0.parsed() }
        (changes, cursor, hasMore) = (parsed.map(SyncChangeMirror.init), message.cursor, message.hasMore)
    }

    var message: PullResponse { PullResponse(changes: changes.map(\.message), cursor: cursor, hasMore: hasMore) }
}
