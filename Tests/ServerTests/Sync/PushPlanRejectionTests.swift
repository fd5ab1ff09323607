import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelSync

/// Rejected mutations and queued comments in a planned push: each rejection code the plan can give, what is
/// stored for it, and when a queued comment is published.
@Suite("Push plan rejections and queued comments")
struct PushPlanRejectionTests {
    @Test("an edit of a record the server never held is rejected as not found; the answer is stored, no version")
    func notFound() {
        let world = PushPlanWorld()
        let plan = world.plan([world.edit(UUID(), base: 1, note: "", to: "x")])
        #expect(plan.results.map(\.code) == [RejectionCode.notFound.rawValue])
        #expect(plan.results.map(\.version) == [nil])
        #expect(plan.newResults == plan.results && plan.records.isEmpty && plan.lastVersion == 10)
    }

    @Test("an edit of a record whose tombstone was purged asks for the whole record and is not stored")
    func purged() {
        var world = PushPlanWorld()
        world.snapshot.purgedVersion = 8
        let plan = world.plan([world.edit(UUID(), base: 7, note: "", to: "x")])
        #expect(plan.results.map(\.code) == [RejectionCode.recordPurged.rawValue])
        #expect(plan.newResults.isEmpty, "the mutation id stays free for the create that follows")
        #expect(plan.records.isEmpty && !plan.writesAnything)
    }

    @Test("a mutation breaking the schema and a created conflict record are rejected with their codes")
    func invalidAndConflictCreate() {
        let world = PushPlanWorld()
        let bad = world.prepared(Mutation(entity: .savedArticle, recordId: UUID(), op: .create, hlc: world.stamp, fields: [
            "url": FieldChange(base: nil, value: .number(1)),
        ]))
        let conflict = world.prepared(Mutation(entity: .conflict, recordId: UUID(), op: .create, hlc: world.stamp))
        let plan = world.plan([bad, conflict])
        #expect(plan.results.map(\.code) == [RejectionCode.invalid.rawValue, RejectionCode.conflictInvalid.rawValue])
        #expect(plan.results.allSatisfy { $0.status == .rejected && $0.reason?.isEmpty == false })
        #expect(plan.records.isEmpty && plan.newResults.count == 2)
    }

    @Test("a queued comment whose id is free and whose post is open is published and its record returned")
    func published() throws {
        var world = PushPlanWorld()
        let comment = Fixtures.comment(on: UUID(), status: .pending)
        world.snapshot.comments[comment.id] = QueuedCommentAvailability(idTaken: false, postOpen: true)
        let plan = world.plan([world.queuedComment(id: comment.id, postId: comment.postId, .success(comment))])
        #expect(plan.comments.map(\.id) == [comment.id])
        #expect(plan.results.map(\.status) == [.applied])
        #expect(plan.records.map(\.entity) == [.comment])
        guard case .object(let record)? = plan.results.first?.record else {
            Issue.record("an applied queued comment returns its record, with its moderation status")
            return
        }
        #expect(record["status"] == .string("pending"))
    }

    @Test("a queued comment is refused when the store finds its id taken or its post closed (or did not look)",
          arguments: [
              (QueuedCommentAvailability(idTaken: true, postOpen: true) as QueuedCommentAvailability?, RejectionCode.commentIdTaken),
              (QueuedCommentAvailability(idTaken: true, postOpen: false), RejectionCode.commentIdTaken),
              (QueuedCommentAvailability(idTaken: false, postOpen: false), RejectionCode.commentClosed),
              (nil, RejectionCode.commentClosed),
          ])
    func refusedByStore(availability: QueuedCommentAvailability?, code: RejectionCode) {
        var world = PushPlanWorld()
        let comment = Fixtures.comment(on: UUID())
        world.snapshot.comments[comment.id] = availability
        let plan = world.plan([world.queuedComment(id: comment.id, postId: comment.postId, .success(comment))])
        #expect(plan.results.map(\.code) == [code.rawValue])
        #expect(plan.comments.isEmpty && plan.records.isEmpty)
        #expect(plan.newResults.count == 1)
    }

    @Test("queued comments refused while prepared, unprepared or edited get their codes and sentences",
          arguments: [
              (Result<Comment, CommentRefusal>?.some(.failure(.commentsClosed)), MutationOp.create, RejectionCode.commentClosed),
              (.some(.failure(.postNotFound)), .create, .commentClosed),
              (.some(.failure(.invalid([FieldError(field: "body", message: "is empty.")]))), .create, .commentInvalid),
              (nil, .create, .commentInvalid),
              (nil, .update, .commentReadOnly),
          ])
    func refusedBeforeStore(prepared: Result<Comment, CommentRefusal>?, op: MutationOp, code: RejectionCode) {
        let world = PushPlanWorld()
        var mutation = world.queuedComment(id: UUID(), postId: UUID(), prepared)
        mutation.mutation.op = op
        if op == .update { mutation.mutation.baseVersion = 1 }
        let plan = world.plan([mutation])
        #expect(plan.results.map(\.code) == [code.rawValue])
        #expect(plan.results.first?.reason?.isEmpty == false)
        #expect(plan.comments.isEmpty && plan.records.isEmpty)
    }

    @Test("a repeat of a queued comment whose record exists writes nothing and publishes nothing")
    func repeatedComment() {
        var world = PushPlanWorld()
        let comment = Fixtures.comment(on: UUID())
        let key = SyncRecordKey(entity: .comment, recordId: comment.id)
        world.snapshot.records[key] = StoredSyncRecord(
            entity: .comment, recordId: comment.id, version: 3, deleted: false,
            fields: SyncApplier.fields(of: comment), stamps: [:], updatedAt: world.now)
        world.snapshot.comments[comment.id] = QueuedCommentAvailability(idTaken: true, postOpen: true)
        let plan = world.plan([world.queuedComment(id: comment.id, postId: comment.postId, .success(comment))])
        #expect(plan.results.map(\.status) == [.applied])
        #expect(plan.results.map(\.version) == [3])
        #expect(plan.comments.isEmpty && plan.records.isEmpty)
    }
}
