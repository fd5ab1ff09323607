import Foundation
import SatchelShared

/// What applying one mutation does; the store carries it out inside its transaction.
public struct SyncApplyOutcome: Sendable {
    /// What happened.
    public var status: MutationStatus
    /// Why it was rejected.
    public var reason: String?
    /// Why it was rejected, for programs (and the rejections metric).
    public var code: RejectionCode?
    /// The record's new state, or `nil` when the record does not change.
    public var write: (fields: [String: JSONValue], stamps: [String: HLCTimestamp], deleted: Bool)?
    /// Conflict records to store (each one a synced record of its own).
    public var conflicts: [ConflictRecord] = []
    /// A comment to publish.
    public var comment: Comment?
    /// An update written as sent on top of changes the pushing machine had not seen (the record moved past
    /// its base version meanwhile or, with no base, holds another machine's writes): its result must carry
    /// the record, or the machine would take the new version for its base without those changes (and a
    /// delete from it would then erase them unseen).
    public var buildsOnUnseenChanges = false
    /// An update of a record whose tombstone was purged: the client is asked for the whole record (as a
    /// create) and the answer is not stored, so the mutation id stays free for that create.
    public var purged: Bool { code == .recordPurged }

    /// Whether the result carries the record's state: when it differs from what the client sent
    /// (merged, conflict) or holds what only the server knows (a queued comment's moderation status).
    /// Applied writes leave it out, which keeps push responses small.
    public func returnsRecord(for entity: SyncEntity) -> Bool {
        status == .merged || status == .conflict || (status == .applied && (entity == .comment || buildsOnUnseenChanges))
    }

    /// A refusal of the mutation, with its sentence and code; nothing is written.
    public static func rejected(_ reason: String, code: RejectionCode) -> SyncApplyOutcome {
        SyncApplyOutcome(status: .rejected, reason: reason, code: code, write: nil)
    }
}

/// What a push batch has written so far, for ``SyncApplier/apply(_:to:batch:)``.
public struct PushBatchMemory: Sendable {
    /// Records this batch wrote on top of a version the pushing client had seen, with that version.
    public var ownWritesOnSeenBase: [SyncRecordKey: Int] = [:]
    /// Records this batch wrote, with the version each write was applied on: a later mutation of the batch
    /// that names that version saw it, and the client's own write on top of it (a machine that pulled a
    /// record while an edit of it was pending, then deleted it, has seen everything the edit was merged into).
    public var ownWritesAppliedOn: [SyncRecordKey: Int] = [:]
    /// Records that a replayed mutation of this batch (one the server had already applied) wrote cleanly, with
    /// the version it wrote: the pushing machine holds that state, so its later mutations of the record in the
    /// batch that name no base (made before that answer reached it) build on that version.
    public var seenThroughReplay: [SyncRecordKey: Int] = [:]

    /// Notes a replayed answer: when it applied as sent, with nothing the machine had not seen (no record in
    /// it), the machine holds the record as of its version.
    public mutating func replayed(_ result: MutationResult, of mutation: Mutation) {
        let key = SyncRecordKey(entity: mutation.entity, recordId: mutation.recordId)
        if result.status == .applied, result.record == nil, let version = result.version {
            seenThroughReplay[key] = version
        } else {
            seenThroughReplay[key] = nil
        }
    }
}

/// Decides, purely, what one pushed mutation does to the stored record: create, merge, delete,
/// conflict or reject. No I/O, so every case is tested without a database.
public struct SyncApplier: Sendable {
    /// The pushing installation.
    public var clientId: String
    /// The server's time for this push.
    public var now: Date
    /// How far ahead of the server a client's clock may be before its timestamps are clamped.
    public var maxClockDriftMillis: Int64 = 60_000
    /// The merge rules; always ``MergePolicy/standard`` outside tests that inject a broken rule.
    public var policy = MergePolicy.standard
    /// The newest feed position of the user's purged tombstones; the store sets it from the feed state it read.
    public var purgedVersion = 0

    /// Creates an applier for one push.
    public init(clientId: String, now: Date) {
        self.clientId = clientId
        self.now = now
    }

    /// The outcome of `prepared` against the stored record `current` (nil when there is none), alone.
    public func apply(_ prepared: PreparedMutation, to current: StoredSyncRecord?) -> SyncApplyOutcome {
        var batch = PushBatchMemory()
        return apply(prepared, to: current, batch: &batch)
    }

    /// The outcome of `prepared` against `current`, as one mutation of a push batch: a client's own earlier
    /// writes in the batch, made on top of what it had seen, count as seen by its later mutations there
    /// (a machine that edits then deletes a record offline deletes it, without a conflict with itself).
    public func apply(_ prepared: PreparedMutation, to current: StoredSyncRecord?, batch: inout PushBatchMemory)
        -> SyncApplyOutcome
    {
        var mutation = prepared.mutation
        let key = SyncRecordKey(entity: mutation.entity, recordId: mutation.recordId)
        if mutation.baseVersion == nil, mutation.op != .create, let seen = batch.seenThroughReplay[key] {
            mutation.baseVersion = seen
        }
        let seenBase = mutation.baseVersion
        if let seenBase, let current,
           batch.ownWritesOnSeenBase[key] == seenBase || batch.ownWritesAppliedOn[key] == seenBase
        {
            mutation.baseVersion = current.version
        }
        var outcome = decide(mutation, prepared: prepared, current: current)
        if mutation.op == .update, let current, isEditedUnseen(current, by: mutation) {
            outcome.buildsOnUnseenChanges = true
        }
        if outcome.write != nil, let seenBase, current.map({ $0.version <= (mutation.baseVersion ?? seenBase) }) ?? true {
            batch.ownWritesOnSeenBase[key] = seenBase
        } else if outcome.write != nil {
            batch.ownWritesOnSeenBase[key] = nil
        }
        if outcome.write != nil { batch.ownWritesAppliedOn[key] = current?.version }
        return outcome
    }

    private func decide(_ mutation: Mutation, prepared: PreparedMutation, current: StoredSyncRecord?) -> SyncApplyOutcome {
        var mutation = mutation
        if let reason = SyncSchema.validate(mutation) { return .rejected(reason, code: .invalid) }
        mutation.hlc = HybridLogicalClock(node: "server", maxDriftMillis: maxClockDriftMillis)
            .bounded(mutation.hlc, physicalMillis: now.millis)
        switch mutation.entity {
        case .comment: return QueuedCommentRules.outcome(of: prepared, current: current)
        case .conflict: return applyResolution(mutation, current: current)
        case .savedArticle, .draft, .highlight, .follow: break
        }
        switch mutation.op {
        case .create: return create(mutation, current: current)
        case .update: return update(mutation, current: current)
        case .delete: return delete(mutation, current: current)
        }
    }

    private func create(_ mutation: Mutation, current: StoredSyncRecord?) -> SyncApplyOutcome {
        guard let current, !current.deleted else {
            var record = RecordMerge.newRecord(
                entity: mutation.entity, id: mutation.recordId, changes: mutation.fields, stamp: mutation.hlc)
            guard current == nil, isPastHorizon(mutation) else {
                return SyncApplyOutcome(status: .applied, write: (record.fields, record.stamps, false))
            }
            // An edit sent again in full after its record's delete was purged. A field restored as its machine
            // last saw it (its base is its value) was not written now, and its own write's stamp went with the
            // tombstone: it takes none, so a concurrent write of it still wins, as it would have over the record
            // (horizon seed 797). The edit wins, as it would over the tombstone, with the same conflict record.
            for (name, change) in mutation.fields where change.base == change.value { record.stamps[name] = nil }
            return SyncApplyOutcome(
                status: .conflict, write: (record.fields, record.stamps, false),
                conflicts: [conflict(
                    mutation, field: "deleted", base: .bool(false), local: .bool(true), remote: .bool(false),
                    rule: ConflictRecord.updateWinsOverDelete, kept: .bool(false))])
        }
        let same = mutation.fields.allSatisfy { current.fields[$0.key] == $0.value.value }
        if same { return SyncApplyOutcome(status: .applied, write: nil) }
        return merge(mutation, into: current)
    }

    private func update(_ mutation: Mutation, current: StoredSyncRecord?) -> SyncApplyOutcome {
        guard let current else {
            guard isPastHorizon(mutation) else {
                return .rejected(
                    "The \(mutation.entity.rawValue) \(mutation.recordId) does not exist on the server.", code: .notFound)
            }
            guard policy.editSurvivesDelete else { return SyncApplyOutcome(status: .applied, write: nil) }
            return .rejected(
                "The \(mutation.entity.rawValue) \(mutation.recordId) was deleted on another machine and its tombstone "
                    + "purged; send the whole record as a create with this mutation's id to keep the edit.",
                code: .recordPurged)
        }
        if current.deleted && !policy.editSurvivesDelete { return SyncApplyOutcome(status: .applied, write: nil) }
        var outcome = merge(mutation, into: current)
        if current.deleted {
            outcome.status = .conflict
            outcome.conflicts.append(conflict(
                mutation, field: "deleted", base: .bool(false), local: .bool(true), remote: .bool(false),
                rule: ConflictRecord.updateWinsOverDelete, kept: .bool(false)))
        }
        return outcome
    }

    private func delete(_ mutation: Mutation, current: StoredSyncRecord?) -> SyncApplyOutcome {
        guard let current, !current.deleted else { return SyncApplyOutcome(status: .applied, write: nil) }
        if isEditedUnseen(current, by: mutation), policy.editSurvivesDelete {
            // Someone changed the record after this machine last saw it: keep their edit.
            let conflict = conflict(
                mutation, field: "deleted", base: .bool(false), local: .bool(false), remote: .bool(true),
                rule: ConflictRecord.updateWinsOverDelete, kept: .bool(false))
            return SyncApplyOutcome(status: .conflict, write: nil, conflicts: [conflict])
        }
        return SyncApplyOutcome(status: .applied, write: (current.fields, current.stamps, true))
    }

    /// Whether `current` holds a change that the machine writing `mutation` never saw. A mutation names the
    /// version it saw; one that names none comes from a machine that never had the record acknowledged, so
    /// every field written by another machine is unseen by it. (Its own node's later writes, which a machine
    /// restored from an old copy never saw, are caught through the replayed answer to its pending create:
    /// see ``PushBatchMemory/seenThroughReplay``.)
    private func isEditedUnseen(_ current: StoredSyncRecord, by mutation: Mutation) -> Bool {
        if let base = mutation.baseVersion { return current.version > base }
        return current.stamps.values.contains { $0.node != mutation.hlc.node }
    }

    /// Whether `mutation` builds on a version at or below the purge horizon: its record, now unknown, existed
    /// then, so it was deleted and its tombstone purged while the pushing machine held the edit.
    private func isPastHorizon(_ mutation: Mutation) -> Bool {
        guard let base = mutation.baseVersion else { return false }
        return base > 0 && base <= purgedVersion
    }

    private func merge(_ mutation: Mutation, into current: StoredSyncRecord) -> SyncApplyOutcome {
        let merged = RecordMerge.merge(
            entity: mutation.entity, stored: current.fields, stamps: current.stamps, changes: mutation.fields,
            stamp: mutation.hlc, policy: policy)
        let conflicts = merged.conflicts.map {
            conflict(mutation, field: $0.field, base: $0.base, local: $0.local, remote: $0.remote,
                     rule: $0.rule.rawValue, kept: $0.kept)
        }
        // A lost concurrent edit changes no field, but the record gains a version all the same: its history now
        // holds a change (kept in the conflict record) that other machines have not seen, so a delete made on
        // the version before it conflicts instead of removing the record under that edit (standard seed 1026).
        let changed = merged.fields != current.fields || current.deleted || !conflicts.isEmpty
        return SyncApplyOutcome(
            status: merged.status, write: changed ? (merged.fields, merged.stamps, false) : nil, conflicts: conflicts)
    }

    private func applyResolution(_ mutation: Mutation, current: StoredSyncRecord?) -> SyncApplyOutcome {
        guard mutation.op == .update else {
            return .rejected("Conflict records are only updated, to resolve them.", code: .conflictInvalid)
        }
        guard let current, !current.deleted else {
            return .rejected("The conflict \(mutation.recordId) does not exist on the server.", code: .conflictInvalid)
        }
        return merge(mutation, into: current)
    }

    private func conflict(
        _ mutation: Mutation, field: String, base: JSONValue?, local: JSONValue, remote: JSONValue, rule: String,
        kept: JSONValue
    ) -> ConflictRecord {
        ConflictRecord(
            id: UUID(), entity: mutation.entity, recordId: mutation.recordId, field: field, base: base, local: local,
            remote: remote, rule: rule, kept: kept, clientId: clientId, createdAt: now)
    }

    /// The fields of a conflict record as a synced record: the members its JSON form has.
    public static func fields(of conflict: ConflictRecord) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "id": .string(conflict.id.uuidString), "entity": .string(conflict.entity.rawValue),
            "recordId": .string(conflict.recordId.uuidString), "field": .string(conflict.field),
            "local": conflict.local, "remote": conflict.remote, "rule": .string(conflict.rule), "kept": conflict.kept,
            "clientId": .string(conflict.clientId), "createdAt": .string(SatchelJSON.string(from: conflict.createdAt)),
            "resolved": .bool(conflict.resolved),
        ]
        fields["base"] = conflict.base
        fields["resolution"] = conflict.resolution.map(JSONValue.string)
        return fields
    }

    /// The fields of a queued comment's record: the public comment (no email) with its moderation status.
    public static func fields(of comment: Comment) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "id": .string(comment.id.uuidString), "postId": .string(comment.postId.uuidString),
            "authorName": .string(comment.authorName), "emailHash": .string(comment.emailHash),
            "body": .string(comment.body), "status": .string(comment.status.rawValue),
            "createdAt": .string(SatchelJSON.string(from: comment.createdAt)),
        ]
        fields["parentId"] = comment.parentId.map { .string($0.uuidString) }
        fields["authorUrl"] = comment.authorUrl.map(JSONValue.string)
        fields["userId"] = comment.userId.map { .string($0.uuidString) }
        fields["clientCreatedAt"] = comment.clientCreatedAt.map { .string(SatchelJSON.string(from: $0)) }
        return fields
    }
}
