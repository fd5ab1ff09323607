import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelSync
@testable import SatchelStores

/// The rules of a comment queued through sync, without a database: how its fields become a request, which
/// mutations queue one, and which refusal the store's check gives.
@Suite("Queued comment rules")
struct QueuedCommentRulesTests {
    let stamp = HLCTimestamp(wallMillis: 1_800_000_000_000, counter: 0, node: "laptop")

    func mutation(_ fields: [String: JSONValue], op: MutationOp = .create) -> Mutation {
        Mutation(entity: .comment, recordId: UUID(), op: op, hlc: stamp,
                 fields: fields.mapValues { FieldChange(base: nil, value: $0) })
    }

    @Test("a comment create's fields become a request under the record's id, on the named post")
    func request() throws {
        let postId = UUID(), parentId = UUID()
        let create = mutation([
            "postId": .string(postId.uuidString), "parentId": .string(parentId.uuidString), "body": .string("Hi."),
        ])
        let (request, post) = try QueuedCommentRules.request(from: create).get()
        #expect(post == postId)
        #expect(request.id == create.recordId && request.parentId == parentId && request.body == "Hi.")
    }

    @Test("a post id or parent id that is not an id is refused as invalid, naming the field",
          arguments: [
              (["body": JSONValue.string("Hi.")], "postId"),
              (["postId": .string("not-an-id"), "body": .string("Hi.")], "postId"),
              (["postId": .string(UUID().uuidString), "parentId": .string("nope"), "body": .string("Hi.")], "parentId"),
          ])
    func badIds(fields: [String: JSONValue], field: String) {
        guard case .failure(let refusal) = QueuedCommentRules.request(from: mutation(fields)) else {
            Issue.record("\(field) must be refused")
            return
        }
        #expect(refusal == .invalid([FieldError(field: field, message: field == "postId" ? "must be a post id." : "must be a comment id.")]))
        #expect(QueuedCommentRules.code(for: refusal) == .commentInvalid)
        #expect(QueuedCommentRules.reason(for: refusal).contains(field))
    }

    @Test("only prepared creates are candidates for the store's check")
    func candidates() {
        let comment = Fixtures.comment(on: UUID())
        let create = PreparedMutation(mutation: mutation([:]), comment: .success(comment))
        let refused = PreparedMutation(mutation: mutation([:]), comment: .failure(.commentsClosed))
        let update = PreparedMutation(mutation: mutation([:], op: .update), comment: .success(comment))
        let unprepared = PreparedMutation(mutation: mutation([:]), comment: nil)
        #expect(QueuedCommentRules.candidates(in: [create, refused, update, unprepared]).map(\.id) == [comment.id])
    }

    @Test("the store's check: a taken id wins over a closed post; an open post with a free id publishes")
    func storeCheck() {
        let comment = Fixtures.comment(on: UUID())
        func code(_ taken: Bool, _ open: Bool) -> RejectionCode? {
            QueuedCommentRules.refusal(for: comment, given: QueuedCommentAvailability(idTaken: taken, postOpen: open))?.code
        }
        #expect(code(true, false) == .commentIdTaken)
        #expect(code(true, true) == .commentIdTaken)
        #expect(code(false, false) == .commentClosed)
        #expect(code(false, true) == nil)
    }

    @Test("a moderator's decision is due in the record only when it changes what the record holds")
    func refreshedRecord() throws {
        var comment = Fixtures.comment(on: UUID(), status: .pending)
        let stored = SyncRecordCoding.text(SyncApplier.fields(of: comment))
        #expect(QueuedCommentRules.refreshedRecord(of: comment, stored: stored) == nil)
        comment.status = .approved
        let refreshed = try #require(QueuedCommentRules.refreshedRecord(of: comment, stored: stored))
        #expect(refreshed.contains("approved") && !refreshed.contains("pending"))
    }
}
