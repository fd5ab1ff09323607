import Foundation
import SatchelShared

/// What a push plan reads: one snapshot of a user's sync data, taken by the store (under its lock, or
/// before it when the store checks afterwards that nothing changed).
public struct PushSnapshot: Sendable {
    /// The user's newest feed version.
    public var lastVersion: Int
    /// The newest feed position of the user's purged tombstones.
    public var purgedVersion: Int
    /// The stored results of those of the batch's mutation ids already applied, by mutation id.
    public var storedResults: [UUID: MutationResult] = [:]
    /// The user's current records among those the batch names.
    public var records: [SyncRecordKey: StoredSyncRecord] = [:]
    /// For each queued comment of ``QueuedCommentRules/candidates(in:)``, by comment id, what its publication
    /// depends on; a comment missing here counts as one whose post is closed.
    public var comments: [UUID: QueuedCommentAvailability] = [:]

    /// Creates a snapshot.
    public init(
        lastVersion: Int, purgedVersion: Int, storedResults: [UUID: MutationResult] = [:],
        records: [SyncRecordKey: StoredSyncRecord] = [:], comments: [UUID: QueuedCommentAvailability] = [:]
    ) {
        self.lastVersion = lastVersion
        self.purgedVersion = purgedVersion
        self.storedResults = storedResults
        self.records = records
        self.comments = comments
    }
}

/// A push batch worked out in full against one snapshot, with no database: the result of every mutation,
/// the feed versions given out (one per written record, in batch order), and the rows the store writes.
///
/// Both stores make one the same way and only differ in how they read the snapshot, keep it valid (a row
/// lock, or a check under the write lock) and write the rows.
public struct PushPlan: Sendable {
    /// The user's feed version before the batch.
    public let startVersion: Int
    /// The user's newest feed version after the batch; the batch gives out `startVersion + 1 ... lastVersion`.
    public private(set) var lastVersion: Int
    /// One result per mutation, in order.
    public private(set) var results: [MutationResult] = []
    /// The results to store, in order: every mutation's but replays' and record-purged answers'.
    public private(set) var newResults: [MutationResult] = []
    /// Each record the batch writes (conflict records included) at its last state, one per record, in the
    /// order they were first written.
    public private(set) var records: [StoredSyncRecord] = []
    /// Queued comments to publish.
    public private(set) var comments: [Comment] = []
    /// Where each written record sits in `records`.
    private var recordIndex: [SyncRecordKey: Int] = [:]

    /// Works out `batch` against `snapshot`, deciding each mutation with `applier`.
    public init(batch: [PreparedMutation], snapshot: PushSnapshot, applier: SyncApplier) {
        startVersion = snapshot.lastVersion
        lastVersion = snapshot.lastVersion
        var applier = applier
        applier.purgedVersion = snapshot.purgedVersion
        var stored = snapshot.storedResults
        var current = snapshot.records
        current.reserveCapacity(current.count + batch.count)
        results.reserveCapacity(batch.count)
        newResults.reserveCapacity(batch.count)
        records.reserveCapacity(batch.count)
        var memory = PushBatchMemory()
        for prepared in batch {
            let mutation = prepared.mutation
            if let replay = stored[mutation.id] {
                memory.replayed(replay, of: mutation)
                results.append(replay)
                continue
            }
            let key = SyncRecordKey(entity: mutation.entity, recordId: mutation.recordId)
            var outcome = applier.apply(prepared, to: current[key], batch: &memory)
            if let comment = outcome.comment {
                let availability = snapshot.comments[comment.id] ?? QueuedCommentAvailability(idTaken: false, postOpen: false)
                if let refusal = QueuedCommentRules.refusal(for: comment, given: availability) {
                    outcome = refusal
                } else {
                    comments.append(comment)
                }
            }
            var record = current[key]
            if let write = outcome.write {
                record = give(StoredSyncRecord(
                    entity: mutation.entity, recordId: mutation.recordId, version: 0, deleted: write.deleted,
                    fields: write.fields, stamps: write.stamps, updatedAt: applier.now), into: &current)
            }
            for conflict in outcome.conflicts {
                give(StoredSyncRecord(
                    entity: .conflict, recordId: conflict.id, version: 0, deleted: false,
                    fields: SyncApplier.fields(of: conflict), stamps: [:], updatedAt: applier.now), into: &current)
            }
            let result = Self.result(of: mutation, outcome: outcome, record: record)
            if !outcome.purged {
                stored[mutation.id] = result
                newResults.append(result)
            }
            results.append(result)
        }
    }

    /// Whether the plan writes anything at all (a batch of replays writes nothing).
    public var writesAnything: Bool { !newResults.isEmpty }

    /// Gives `record` the next feed version and queues its row (replacing an earlier row of the same record).
    @discardableResult
    private mutating func give(_ record: StoredSyncRecord, into current: inout [SyncRecordKey: StoredSyncRecord])
        -> StoredSyncRecord
    {
        var record = record
        lastVersion += 1
        record.version = lastVersion
        let key = SyncRecordKey(entity: record.entity, recordId: record.recordId)
        current[key] = record
        if let index = recordIndex[key] {
            records[index] = record
        } else {
            recordIndex[key] = records.count
            records.append(record)
        }
        return record
    }

    /// The result a client gets for `mutation`: its record's version and, when it differs from what the
    /// client sent, the record itself.
    private static func result(of mutation: Mutation, outcome: SyncApplyOutcome, record: StoredSyncRecord?)
        -> MutationResult
    {
        MutationResult(
            id: mutation.id, status: outcome.status,
            version: outcome.status == .rejected ? nil : record?.version,
            record: outcome.returnsRecord(for: mutation.entity) ? record.map { .object($0.fields) } : nil,
            deleted: record?.deleted ?? (mutation.op == .delete),
            conflictIds: outcome.conflicts.map(\.id), reason: outcome.reason, code: outcome.code?.rawValue)
    }
}
