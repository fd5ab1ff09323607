import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelSync

/// The applier on edits that outlive their record's tombstone: an update whose base lies at or below the
/// purge horizon asks for the whole record; the whole record, sent as a create, comes back with a conflict.
@Suite("SyncApplier across the tombstone horizon")
struct SyncApplierHorizonTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let stamp = HLCTimestamp(wallMillis: 1_800_000_000_000, counter: 0, node: "laptop")

    func applier(purgedVersion: Int, policy: MergePolicy = .standard) -> SyncApplier {
        var applier = SyncApplier(clientId: "laptop", now: now)
        applier.purgedVersion = purgedVersion
        applier.policy = policy
        return applier
    }

    func mutation(_ op: MutationOp, base: Int?, _ fields: [String: FieldChange]) -> PreparedMutation {
        PreparedMutation(
            mutation: Mutation(entity: .savedArticle, recordId: UUID(), op: op, baseVersion: base, hlc: stamp, fields: fields),
            comment: nil)
    }

    let retitle = ["title": FieldChange(base: .string("a"), value: .string("b"))]
    let whole = [
        "url": FieldChange(base: nil, value: .string("https://a.test")), "title": FieldChange(base: nil, value: .string("b")),
    ]

    @Test("an update of an unknown record based at or below the horizon asks for the whole record", arguments: [1, 7])
    func asksForWhole(base: Int) {
        let outcome = applier(purgedVersion: 7).apply(mutation(.update, base: base, retitle), to: nil)
        #expect(outcome.status == .rejected)
        #expect(outcome.purged && outcome.code == .recordPurged)
        #expect(outcome.write == nil)
        #expect(outcome.reason?.contains("purged") == true)
    }

    @Test("an update of an unknown record based above the horizon, or on nothing, is refused as before",
          arguments: [8, nil] as [Int?])
    func refusesUnknown(base: Int?) {
        let outcome = applier(purgedVersion: 7).apply(mutation(.update, base: base, retitle), to: nil)
        #expect(outcome.status == .rejected)
        #expect(!outcome.purged)
        #expect(outcome.reason?.contains("does not exist") == true)
    }

    @Test("the whole record sent as a create with its old base comes back, with an update-wins-over-delete conflict")
    func wholeRecordComesBack() throws {
        let outcome = applier(purgedVersion: 7).apply(mutation(.create, base: 3, whole), to: nil)
        #expect(outcome.status == .conflict)
        #expect(outcome.write?.deleted == false)
        #expect(outcome.write?.fields["title"] == .string("b"))
        let conflict = try #require(outcome.conflicts.first)
        #expect(conflict.rule == ConflictRecord.updateWinsOverDelete)
        #expect(conflict.field == "deleted" && conflict.base == .bool(false) && conflict.kept == .bool(false))
        #expect(outcome.returnsRecord(for: .savedArticle))
    }

    @Test("a plain create, with no base, makes the record without a conflict")
    func plainCreate() {
        let outcome = applier(purgedVersion: 7).apply(mutation(.create, base: nil, whole), to: nil)
        #expect(outcome.status == .applied)
        #expect(outcome.conflicts.isEmpty)
    }

    @Test("with delete beating edit (a broken rule), the edit across the horizon is dropped, not asked for")
    func brokenRuleDropsEdit() {
        var policy = MergePolicy.standard
        policy.editSurvivesDelete = false
        let outcome = applier(purgedVersion: 7, policy: policy).apply(mutation(.update, base: 3, retitle), to: nil)
        #expect(outcome.status == .applied && outcome.write == nil && !outcome.purged)
    }

    @Test("a field restored as last seen takes no stamp, so a concurrent write of it wins; the edited field keeps its stamp")
    func restoredFieldsYieldToConcurrentWrites() throws {
        let sent = [
            "url": FieldChange(base: .string("https://a.test"), value: .string("https://a.test")),
            "title": FieldChange(base: .string("old"), value: .string("old")),
            "excerpt": FieldChange(base: .string("short"), value: .string("longer")),
        ]
        let outcome = applier(purgedVersion: 7).apply(mutation(.create, base: 3, sent), to: nil)
        let write = try #require(outcome.write)
        #expect(write.fields["title"] == .string("old") && write.fields["excerpt"] == .string("longer"))
        #expect(write.stamps["title"] == nil && write.stamps["url"] == nil)
        #expect(write.stamps["excerpt"] == stamp)

        // Another machine retitled the record before the delete, offline, an hour before this create's stamp.
        let revived = StoredSyncRecord(entity: .savedArticle, recordId: UUID(), version: 9, deleted: false,
                                       fields: write.fields, stamps: write.stamps, updatedAt: now)
        let earlier = HLCTimestamp(wallMillis: stamp.wallMillis - 3_600_000, counter: 0, node: "phone")
        let retitle = PreparedMutation(mutation: Mutation(
            entity: .savedArticle, recordId: revived.recordId, op: .update, baseVersion: 2, hlc: earlier,
            fields: ["title": FieldChange(base: .string("first"), value: .string("theirs"))]), comment: nil)
        let reexcerpt = PreparedMutation(mutation: Mutation(
            entity: .savedArticle, recordId: revived.recordId, op: .update, baseVersion: 2, hlc: earlier,
            fields: ["excerpt": FieldChange(base: .string("short"), value: .string("theirs"))]), comment: nil)
        #expect(applier(purgedVersion: 7).apply(retitle, to: revived).write?.fields["title"] == .string("theirs"))
        #expect(applier(purgedVersion: 7).apply(reexcerpt, to: revived).write == nil,
                "the older write loses to the edit the record was sent whole for")
    }
}
