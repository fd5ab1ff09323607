import Foundation
import SatchelShared
@testable import SatchelServer
@testable import SatchelSync

/// A user's sync data held in memory, for planning push batches without a database.
struct PushPlanWorld {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var snapshot = PushSnapshot(lastVersion: 10, purgedVersion: 0)
    var stamp: HLCTimestamp { HLCTimestamp(wallMillis: 1_800_000_000_000, counter: 0, node: "laptop") }

    /// Stores a saved article with `note`, last written at `version` by the machine `writer`, and returns its id.
    @discardableResult
    mutating func article(note: String, version: Int, deleted: Bool = false, writer: String = "desktop", id: UUID = UUID())
        -> UUID
    {
        var fields = SyncSchema.fields(of: .savedArticle).mapValues(\.defaultValue)
        fields["id"] = .string(id.uuidString)
        fields["url"] = .string("https://example.test/\(id)")
        fields["note"] = .string(note)
        let older = HLCTimestamp(wallMillis: 1_700_000_000_000, counter: 0, node: writer)
        snapshot.records[SyncRecordKey(entity: .savedArticle, recordId: id)] = StoredSyncRecord(
            entity: .savedArticle, recordId: id, version: version, deleted: deleted, fields: fields,
            stamps: ["note": older], updatedAt: now)
        return id
    }

    /// A create of a new saved article.
    func create(_ id: UUID = UUID()) -> PreparedMutation {
        prepared(Mutation(entity: .savedArticle, recordId: id, op: .create, hlc: stamp, fields: [
            "url": FieldChange(base: nil, value: .string("https://example.test/\(id)")),
        ]))
    }

    /// A create the server already applied, answered `result` then (its id filled in); the record now stands
    /// at `version` with `note`, last written by `writer`.
    mutating func replayedCreate(answered result: MutationResult, now note: String, version: Int, writer: String)
        -> PreparedMutation
    {
        let create = create()
        article(note: note, version: version, writer: writer, id: create.mutation.recordId)
        var stored = result
        stored.id = create.mutation.id
        snapshot.storedResults[create.mutation.id] = stored
        return create
    }

    /// An edit of `id`'s note from `from` to `to`, made on top of version `base` (`nil`: never answered).
    func edit(_ id: UUID, base: Int?, note from: String, to: String) -> PreparedMutation {
        prepared(Mutation(entity: .savedArticle, recordId: id, op: .update, baseVersion: base, hlc: stamp, fields: [
            "note": FieldChange(base: .string(from), value: .string(to)),
        ]))
    }

    /// A delete of `id` made on top of version `base` (`nil`: by a machine never answered for the record).
    func delete(_ id: UUID, base: Int?) -> PreparedMutation {
        prepared(Mutation(entity: .savedArticle, recordId: id, op: .delete, baseVersion: base, hlc: stamp))
    }

    /// A queued comment on `postId`, prepared as `comment` (a refusal, or the comment to publish).
    func queuedComment(id: UUID, postId: UUID, _ comment: Result<Comment, CommentRefusal>?) -> PreparedMutation {
        var prepared = prepared(Mutation(entity: .comment, recordId: id, op: .create, hlc: stamp, fields: [
            "postId": FieldChange(base: nil, value: .string(postId.uuidString)),
            "body": FieldChange(base: nil, value: .string("Nice post.")),
        ]))
        prepared.comment = comment
        return prepared
    }

    func prepared(_ mutation: Mutation) -> PreparedMutation {
        PreparedMutation(mutation: mutation, comment: nil)
    }

    /// The plan of `batch` against the world as it stands.
    func plan(_ batch: [PreparedMutation]) -> PushPlan {
        PushPlan(batch: batch, snapshot: snapshot, applier: SyncApplier(clientId: "laptop", now: now))
    }
}
