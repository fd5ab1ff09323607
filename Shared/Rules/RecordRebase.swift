import Foundation
import SatchelShared

/// Pure rules that keep a local record consistent with the server without losing pending edits.
public enum RecordRebase {
    /// The fields the pending mutations (oldest first) set, with their latest values.
    public static func pendingValues(_ pending: [Mutation]) -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for mutation in pending { for (name, change) in mutation.fields { values[name] = change.value } }
        return values
    }

    /// Applies a pulled change to the local record: the base moves to the server's state, and fields with
    /// pending local edits keep their local values. A tombstone deletes the record unless edits are pending
    /// (the push will then resurrect it on the server with a conflict record). Returns `nil` to remove it.
    public static func applyPulled(_ change: SyncChange, to local: LocalRecord?, pending: [Mutation], now: Date) -> LocalRecord? {
        guard case .object(let server) = change.record else { return local }
        let pendingDelete = pending.contains { $0.op == .delete }
        if change.deleted && pending.isEmpty { return nil }
        var record = local ?? LocalRecord(entity: change.entity, id: change.recordId, fields: server, updatedAt: now)
        record.base = server
        record.baseVersion = change.version
        if pending.isEmpty {
            record.fields = server
            record.deleted = false
        } else {
            record.fields = server.merging(pendingValues(pending)) { $1 }
            record.deleted = pendingDelete
        }
        return record
    }

    /// Adopts the server's answer to one pushed mutation. `later` are the record's mutations still pending
    /// after it. Returns the record's new state (`nil` to remove it).
    public static func adopt(
        _ result: MutationResult, of mutation: Mutation, into local: LocalRecord?, later: [Mutation]
    ) -> LocalRecord? {
        guard var record = local else { return nil }
        switch result.status {
        case .rejected:
            return record
        case .applied where result.record == nil:
            var base = record.base ?? [:]
            if mutation.op == .create {
                base = mutation.fields.mapValues(\.value).merging(["id": .string(record.id.uuidString)]) { $1 }
                base = SyncSchema.fields(of: record.entity).mapValues(\.defaultValue).merging(base) { $1 }
            } else {
                for (name, change) in mutation.fields { base[name] = change.value }
            }
            record.base = base
            record.baseVersion = result.version ?? record.baseVersion
        case .applied, .merged, .conflict:
            if case .object(let server)? = result.record {
                record.base = server
                record.fields = server.merging(pendingValues(later)) { $1 }
            }
            record.baseVersion = result.version ?? record.baseVersion
        }
        if result.deleted && later.isEmpty { return nil }
        if !result.deleted && mutation.op == .delete && later.isEmpty { record.deleted = false }
        return record
    }

    /// The create that sends a record again, whole, after the server purged its tombstone while `mutation`
    /// (an update) was pending: the record as of that update (the server's last state this machine saw, with
    /// the update's values), under the update's id, base version and stamp. The update's fields keep their
    /// changes; every other field is restored as last seen, so its base is its value (the server then lets a
    /// concurrent write of it win, as it would have over the purged record). `nil` for anything but an update.
    public static func recreation(of mutation: Mutation, from local: LocalRecord) -> Mutation? {
        guard mutation.op == .update else { return nil }
        let state = local.base ?? local.fields
        let schema = SyncSchema.fields(of: mutation.entity)
        var create = mutation
        create.op = .create
        create.fields = state.filter { schema[$0.key] != nil }.mapValues { FieldChange(base: $0, value: $0) }
        for (name, change) in mutation.fields where schema[name] != nil { create.fields[name] = change }
        return create
    }

    /// The mutation that records a local edit: every field whose value changed, with the value before the
    /// edit as its base. Mutations are applied in order on the server, so the value before this edit is
    /// what the server will hold when this one arrives, unless another machine changed it meanwhile.
    public static func mutation(
        entity: SyncEntity, id: UUID, op: MutationOp, before: LocalRecord?, after: [String: JSONValue],
        hlc: HLCTimestamp
    ) -> Mutation? {
        var fields: [String: FieldChange] = [:]
        if op != .delete {
            for (name, value) in after where name != "id" {
                let old = before?.fields[name]
                if op == .create || old != value { fields[name] = FieldChange(base: op == .create ? nil : old, value: value) }
            }
            if op == .update && fields.isEmpty { return nil }
        }
        return Mutation(entity: entity, recordId: id, op: op, baseVersion: before?.baseVersion, hlc: hlc, fields: fields)
    }
}
