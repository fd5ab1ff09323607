import Foundation
import SatchelShared
import SatchelSync

extension SyncEngine {
    /// Pushes the oldest outbox batch and adopts the answers; returns how many entries remain.
    func pushBatch(into summary: inout SyncSummary) async throws -> Int {
        let limit = pushBatchSize
        let oldest = try await database.read { try $0.outbox.oldest(limit: limit) }
        guard !oldest.isEmpty else { return 0 }
        let batch = try await uploadAttachments(of: oldest)
        guard !batch.isEmpty else { return try await database.read { try $0.outbox.count() } }
        let response = try await server.push(PushRequest(clientId: clientId, mutations: batch.map(\.mutation)))
        guard response.results.count == batch.count else {
            throw TransportError.malformedResponse("expected \(batch.count) results, got \(response.results.count)")
        }
        let now = environment.now()
        let serverTime = response.serverTime
        let clientId = clientId
        let remaining = try await database.syncWrite { tables -> Int in
            for (entry, result) in zip(batch, response.results) {
                try SyncPush.adopt(result, of: entry.mutation, in: tables, now: now)
            }
            try tables.clock.receive(serverTime, node: clientId, now: now)
            return try tables.outbox.count()
        }
        summary.count(response.results.filter { !$0.isMissingBlobs })
        let lost = response.results.filter(\.isMissingBlobs)
        if !lost.isEmpty {
            // The server lost (or never kept) a blob this batch uploaded: the mutations stay in the outbox
            // and the next attempt uploads again.
            throw TransportError.network("the server did not hold \(lost.count) uploaded file(s) yet; retrying")
        }
        return remaining
    }

    /// Uploads the blobs the batch's mutations reference and the server lacks, before the push. A
    /// mutation whose blob is neither on the server nor on this machine can never be applied: it is set
    /// aside as a dead letter with that reason and left out of the batch (with the record's later ones).
    private func uploadAttachments(of batch: [OutboxEntry]) async throws -> [OutboxEntry] {
        let attachments = SyncPush.attachments(of: batch.map(\.mutation))
        guard !attachments.isEmpty else { return batch }
        guard let blobs else {
            throw LocalStoreError.invalid("This server does not store files; attachments cannot be synced.")
        }
        do {
            _ = try await blobs.uploadMissing(attachments, sessions: UploadSessionBook(database: database))
            return batch
        } catch BlobTransferError.notOnThisMachine(let digest) {
            let now = environment.now()
            let lost = try await database.syncWrite { tables -> Set<String> in
                var dropped: Set<String> = []
                for entry in batch
                where SyncPush.attachments(of: [entry.mutation])[digest] != nil || dropped.contains(entry.mutation.recordKey)
                {
                    try tables.outbox.remove(mutationId: entry.mutation.id)
                    try tables.deadLetters.add(
                        entry.mutation, reason: "The attached file \(digest) is no longer on this machine.", at: now)
                    dropped.insert(entry.mutation.recordKey)
                }
                return dropped
            }
            return batch.filter { !lost.contains($0.mutation.recordKey) }
        }
    }
}

/// What a push answer does to the local database: the outbox entry leaves, and the record takes the
/// server's version (or the mutation becomes a dead letter). Runs inside the transaction that stores
/// the whole batch's answers.
enum SyncPush {
    /// Adopts the server's `result` for `mutation`.
    static func adopt(_ result: MutationResult, of mutation: Mutation, in tables: LocalTables, now: Date) throws {
        // Not a refusal of the change: the server lacks a blob it needs; it stays queued (never a dead letter).
        if result.isMissingBlobs { return }
        if result.status == .rejected, result.code == RejectionCode.recordPurged.rawValue,
           try sendWhole(mutation, in: tables) { return }
        try tables.outbox.remove(mutationId: mutation.id)
        if result.status == .rejected {
            try tables.deadLetters.add(mutation, reason: result.reason ?? "Rejected by the server.", at: now)
            return
        }
        var later = try tables.outbox.pending(mutation.entity, mutation.recordId)
        try nameBase(of: &later, after: result, of: mutation, in: tables)
        let local = try tables.records.find(mutation.entity, mutation.recordId)
        if let updated = RecordRebase.adopt(result, of: mutation, into: local, later: later) {
            try tables.records.save(updated)
        } else {
            try tables.records.remove(mutation.entity, mutation.recordId)
        }
    }

    /// A clean answer (applied as sent, nothing else in the record) means this machine holds the record as of
    /// the answer's version. Its later mutations of the record that were made on the same base, before the
    /// answer came, build on that version and say so: otherwise the server, meeting them in a later push,
    /// would count this machine's own write as unseen (a delete would then conflict with itself), or, with
    /// no base at all, could not tell its own node's writes from before a restore from ones it has seen.
    private static func nameBase(of later: inout [Mutation], after result: MutationResult, of mutation: Mutation,
                                 in tables: LocalTables) throws
    {
        guard result.status == .applied, result.record == nil, let version = result.version else { return }
        for index in later.indices
        where later[index].id != mutation.id && later[index].op != .create
            && later[index].baseVersion == mutation.baseVersion
        {
            later[index].baseVersion = version
            try tables.outbox.replace(later[index])
        }
    }

    /// The server purged the tombstone of a record this machine still edits: the pending update becomes a
    /// create of the whole record as of that update, under the same id and position in the outbox, so the
    /// next push brings the record back with the edit. A later update of the record stays as it is and
    /// follows the create; when this machine deletes the record too, the update is dropped and the record
    /// stays gone. Returns `false` when there is nothing to send (the update is then set aside).
    private static func sendWhole(_ mutation: Mutation, in tables: LocalTables) throws -> Bool {
        let pending = try tables.outbox.pending(mutation.entity, mutation.recordId)
        if let first = pending.first, first.id != mutation.id, first.op == .create { return true }
        guard let local = try tables.records.find(mutation.entity, mutation.recordId) else { return false }
        if local.deleted {
            try tables.outbox.remove(mutationId: mutation.id)
            return true
        }
        guard let create = RecordRebase.recreation(of: mutation, from: local) else { return false }
        try tables.outbox.replace(create)
        return true
    }
}

extension SyncPush {
    /// The attachments the mutations' fields name, by digest.
    static func attachments(of mutations: [Mutation]) -> [BlobDigest: Attachment] {
        var found: [BlobDigest: Attachment] = [:]
        for mutation in mutations {
            for attachment in Attachment.list(mutation.fields["attachments"]?.value) { found[attachment.digest] = attachment }
        }
        return found
    }
}

extension MutationResult {
    /// A refusal only because the account lacks a blob the mutation references (`blobs-missing`).
    var isMissingBlobs: Bool { status == .rejected && code == BlobLimits.missingBlobsCode }
}

extension Mutation {
    /// The record the mutation changes, as one string.
    var recordKey: String { entity.rawValue + "/" + recordId.uuidString }
}

extension SyncSummary {
    /// Counts a batch of push answers.
    mutating func count(_ results: [MutationResult]) {
        for result in results {
            pushed += 1
            switch result.status {
            case .merged: merged += 1
            case .conflict: conflicts += 1
            case .rejected: rejected += 1
            case .applied: break
            }
        }
    }
}
