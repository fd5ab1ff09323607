import Foundation
import SatchelShared
import SatchelSync
import SatchelStores

/// Holds back the mutations of a push whose attachments name blobs the account does not hold
/// (PROTOCOL §13.2): they are answered `rejected` with code `blobs-missing`, and so is every later
/// mutation of the same record in the batch, so a record's changes never apply out of order. These
/// answers are not stored (the client uploads and pushes the same mutation ids again); the rest of
/// the batch goes to the store exactly as it would have without them.
struct PushBlobCheck {
    /// The mutations that go to the store, in batch order.
    private(set) var admitted: [PreparedMutation] = []
    /// The answer of each held-back mutation, by its place in the batch.
    private var heldBack: [Int: MutationResult] = [:]
    private let count: Int

    /// Asks the store once (touching the held digests, so they outlive the grace period from now) and
    /// sorts the batch.
    init(batch: [PreparedMutation], userId: UUID, blobs: any BlobStore, now: Date) async throws {
        count = batch.count
        let named = batch.map { Self.digests(of: $0.mutation) }
        var asked: [BlobDigest] = []
        var seen: Set<BlobDigest> = []
        for digest in named.joined() where seen.insert(digest).inserted { asked.append(digest) }
        let missing = Set(asked.isEmpty ? [] : try await blobs.missingBlobs(userId: userId, digests: asked, touchedAt: now))
        var blocked: [SyncRecordKey: [BlobDigest]] = [:]
        for (index, prepared) in batch.enumerated() {
            let mutation = prepared.mutation
            let key = SyncRecordKey(entity: mutation.entity, recordId: mutation.recordId)
            let lacking = named[index].filter(missing.contains)
            if let earlier = blocked[key] {
                heldBack[index] = Self.rejection(mutation, reason: "An earlier change of this record in the batch "
                    + "needs blobs the account does not hold: \(Self.list(earlier)).")
            } else if !lacking.isEmpty {
                blocked[key] = lacking
                heldBack[index] = Self.rejection(mutation, reason: "Upload these blobs, then push again: \(Self.list(lacking)).")
            } else {
                admitted.append(prepared)
            }
        }
    }

    /// Every mutation's result in batch order, from the store's results of the admitted ones.
    func results(applied: [MutationResult]) -> [MutationResult] {
        var next = applied.makeIterator()
        return (0..<count).compactMap { index in heldBack[index] ?? next.next() }
    }

    /// The digests a mutation's new `attachments` value names, in order, once each.
    static func digests(of mutation: Mutation) -> [BlobDigest] {
        guard mutation.op != .delete, let change = mutation.fields["attachments"] else { return [] }
        var seen: Set<BlobDigest> = []
        return Attachment.list(change.value).map(\.digest).filter { seen.insert($0).inserted }
    }

    private static func rejection(_ mutation: Mutation, reason: String) -> MutationResult {
        MutationResult(
            id: mutation.id, status: .rejected, version: nil, record: nil, deleted: mutation.op == .delete,
            reason: reason, code: BlobLimits.missingBlobsCode)
    }

    private static func list(_ digests: [BlobDigest]) -> String { digests.map(\.text).joined(separator: ", ") }
}
