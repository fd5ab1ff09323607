import Foundation
import SatchelShared
import Testing
@testable import SatchelServer

/// A push batch planned in memory: the versions it gives out, the rows it writes and the results it returns.
@Suite("Push plan")
struct PushPlanTests {
    @Test("a create gets the next feed version, one record row and a stored result")
    func create() {
        let world = PushPlanWorld()
        let create = world.create()
        let plan = world.plan([create])
        #expect(plan.startVersion == 10 && plan.lastVersion == 11)
        #expect(plan.results.map(\.status) == [.applied])
        #expect(plan.results.map(\.version) == [11])
        #expect(plan.results[0].record == nil, "an applied write does not echo the record")
        #expect(plan.records.map(\.recordId) == [create.mutation.recordId])
        #expect(plan.records.map(\.version) == [11])
        #expect(plan.records[0].updatedAt == world.now)
        #expect(plan.newResults == plan.results)
    }

    @Test("an edit made on an older version merges with the stored text and returns the merged record")
    func mergingEdit() {
        var world = PushPlanWorld()
        let id = world.article(note: "one\ntwo\nthree\nfour\nfive", version: 4)
        let plan = world.plan([world.edit(id, base: 3, note: "one\ntwo\nthree\nfour\n5", to: "ONE\ntwo\nthree\nfour\n5")])
        #expect(plan.results.map(\.status) == [.merged])
        #expect(plan.results.map(\.version) == [11])
        let merged = "ONE\ntwo\nthree\nfour\nfive"
        #expect(plan.records.map { $0.fields["note"] } == [.string(merged)])
        guard case .object(let returned)? = plan.results.first?.record else {
            Issue.record("a merged result carries the merged record")
            return
        }
        #expect(returned["note"] == .string(merged))
    }

    @Test("an edit applied as sent on a record that moved past the machine's base returns the record it has not seen")
    func appliedOnUnseenVersion() throws {
        var world = PushPlanWorld()
        let id = world.article(note: "n", version: 4)
        let stale = world.plan([world.edit(id, base: 3, note: "n", to: "m")])
        let result = try #require(stale.results.first)
        #expect(result.status == .applied && result.version == 11)
        guard case .object(let returned)? = result.record else {
            Issue.record("the machine saw version 3 only: the result must carry version 11 whole, not only its number")
            return
        }
        #expect(returned["note"] == .string("m") && returned["url"] == .string("https://example.test/\(id)"))
        let current = world.plan([world.edit(id, base: 4, note: "n", to: "m")])
        #expect(current.results.map(\.status) == [.applied])
        #expect(current.results[0].record == nil, "an edit on the version the machine saw does not echo the record")
    }

    @Test("an edit naming no base on a record another machine wrote returns the record it has not seen")
    func baselessEditOnOthersWrite() throws {
        var world = PushPlanWorld()
        let id = world.article(note: "n", version: 4, writer: "desktop")
        let result = try #require(world.plan([world.edit(id, base: nil, note: "n", to: "m")]).results.first)
        #expect(result.status == .applied)
        guard case .object(let returned)? = result.record else {
            Issue.record("the machine never had the record answered: the result must carry what the other machine wrote")
            return
        }
        #expect(returned["note"] == .string("m") && returned["url"] == .string("https://example.test/\(id)"))
    }

    @Test("a delete made on the version an earlier edit of the batch was merged into deletes, with no conflict")
    func deleteAfterPullOverPendingEdit() {
        var world = PushPlanWorld()
        let id = world.article(note: "n", version: 5, writer: "desktop")
        // The machine edited on version 4, pulled version 5 (the edit still pending), then deleted on 5.
        let plan = world.plan([world.edit(id, base: 4, note: "n", to: "mine"), world.delete(id, base: 5)])
        #expect(plan.results.map(\.status) == [.applied, .applied])
        #expect(plan.results.last?.deleted == true)
        #expect(plan.records.map(\.deleted) == [true])
        let stale = world.plan([world.edit(id, base: 4, note: "n", to: "mine"), world.delete(id, base: 4)])
        #expect(stale.results.map(\.status) == [.applied, .conflict], "a delete made before the pull never saw version 5")
    }

    @Test("a delete naming no base after its create replays loses to the same node's later write (a restored copy)")
    func replayedCreateThenDeleteOfLaterSelf() throws {
        var world = PushPlanWorld()
        let create = world.replayedCreate(
            answered: MutationResult(id: UUID(), status: .applied, version: 3, record: nil),
            now: "written after the copy", version: 6, writer: "laptop")
        let id = create.mutation.recordId
        let plan = world.plan([create, world.delete(id, base: nil)])
        #expect(plan.results.map(\.status) == [.applied, .conflict])
        #expect(plan.results.map(\.deleted) == [false, false])
        #expect(plan.records.map(\.entity) == [.conflict], "the record stays; only a conflict record is written")
        #expect(plan.records.first?.fields["rule"] == .string(ConflictRecord.updateWinsOverDelete))
    }

    @Test("after a replayed create, the machine's own edit and delete in the batch count as seen")
    func replayedCreateThenOwnEditAndDelete() {
        var world = PushPlanWorld()
        let create = world.replayedCreate(
            answered: MutationResult(id: UUID(), status: .applied, version: 3, record: nil),
            now: "n", version: 3, writer: "laptop")
        let id = create.mutation.recordId
        let plan = world.plan([create, world.edit(id, base: nil, note: "n", to: "m"), world.delete(id, base: nil)])
        #expect(plan.results.map(\.status) == [.applied, .applied, .applied])
        #expect(plan.results.last?.deleted == true)
        #expect(plan.records.map(\.deleted) == [true])
        #expect(plan.results[1].record == nil, "nothing unseen: the edit does not echo the record")
    }

    @Test("a replay that did not apply cleanly says nothing about what the machine saw")
    func mergedReplaySeesNothing() {
        var world = PushPlanWorld()
        let create = world.replayedCreate(
            answered: MutationResult(id: UUID(), status: .merged, version: 5, record: .object(["note": .string("theirs")])),
            now: "theirs", version: 5, writer: "desktop")
        let id = create.mutation.recordId
        let plan = world.plan([create, world.delete(id, base: nil)])
        #expect(plan.results.map(\.status) == [.merged, .conflict], "another machine's write stays unseen")
    }

    @Test("an edit of the same text another machine changed is a conflict: the record and its conflict record get versions")
    func conflictingEdit() throws {
        var world = PushPlanWorld()
        let id = world.article(note: "theirs", version: 4)
        let plan = world.plan([world.edit(id, base: 3, note: "base", to: "mine")])
        let result = try #require(plan.results.first)
        #expect(result.status == .conflict)
        #expect(result.version == 11, "the record keeps the other machine's text, at a new version for the lost edit")
        guard case .object(let returned)? = result.record else {
            Issue.record("a conflict returns the record")
            return
        }
        #expect(returned["note"] == .string("theirs"))
        #expect(result.conflictIds.count == 1)
        #expect(plan.records.count == 2)
        let record = try #require(plan.records.first)
        #expect(record.entity == .savedArticle && record.recordId == id && record.version == 11)
        #expect(record.fields["note"] == .string("theirs") && !record.deleted)
        let conflict = try #require(plan.records.last)
        #expect(conflict.entity == .conflict && conflict.recordId == result.conflictIds.first && conflict.version == 12)
        #expect(conflict.fields["field"] == .string("note"))
        #expect(conflict.fields["recordId"]?.stringValue.flatMap(UUID.init(uuidString:)) == id)
    }

    @Test("a delete on the version the machine saw leaves a tombstone at the next version")
    func delete() {
        var world = PushPlanWorld()
        let id = world.article(note: "n", version: 4)
        let plan = world.plan([world.delete(id, base: 4)])
        #expect(plan.results.map(\.status) == [.applied])
        #expect(plan.results.map(\.deleted) == [true])
        #expect(plan.records.map(\.deleted) == [true])
        #expect(plan.records.map(\.version) == [11])
    }

    @Test("a mutation id already applied returns its stored result and writes nothing")
    func replay() {
        var world = PushPlanWorld()
        let create = world.create()
        let stored = MutationResult(id: create.mutation.id, status: .applied, version: 3, record: nil)
        world.snapshot.storedResults[create.mutation.id] = stored
        let plan = world.plan([create])
        #expect(plan.results == [stored])
        #expect(plan.records.isEmpty && plan.newResults.isEmpty && plan.comments.isEmpty)
        #expect(!plan.writesAnything)
        #expect(plan.lastVersion == plan.startVersion)
    }

    @Test("a mixed batch gives out versions in batch order, conflict records included, and skips replays")
    func mixedBatch() {
        var world = PushPlanWorld()
        let edited = world.article(note: "one\ntwo\nthree\nfour\nfive", version: 4)
        let conflicting = world.article(note: "theirs", version: 5)
        let deleted = world.article(note: "n", version: 6)
        let replayed = world.create()
        world.snapshot.storedResults[replayed.mutation.id] = MutationResult(
            id: replayed.mutation.id, status: .applied, version: 2, record: nil)
        let missing = world.edit(UUID(), base: 1, note: "", to: "x")
        let batch = [
            world.create(), replayed, world.edit(edited, base: 3, note: "one\ntwo\nthree\nfour\n5", to: "ONE\ntwo\nthree\nfour\n5"),
            world.edit(conflicting, base: 3, note: "base", to: "mine"), missing, world.delete(deleted, base: 6),
        ]
        let plan = world.plan(batch)
        #expect(plan.results.map(\.status) == [.applied, .applied, .merged, .conflict, .rejected, .applied])
        #expect(plan.results.map(\.version) == [11, 2, 12, 13, nil, 15])
        #expect(plan.records.map(\.version) == [11, 12, 13, 14, 15], "create, merge, lost edit, its conflict record, tombstone")
        #expect(plan.records.map(\.entity) == [.savedArticle, .savedArticle, .savedArticle, .conflict, .savedArticle])
        #expect(plan.lastVersion == 15)
        #expect(plan.newResults.map(\.id) == batch.map(\.mutation.id).filter { $0 != replayed.mutation.id })
    }

    @Test("a record written twice in a batch gets a version each time and one row at its last state")
    func sameRecordTwice() {
        let world = PushPlanWorld()
        let create = world.create()
        let id = create.mutation.recordId
        let plan = world.plan([create, world.edit(id, base: 11, note: "", to: "later")])
        #expect(plan.results.map(\.version) == [11, 12])
        #expect(plan.records.count == 1)
        #expect(plan.records.first?.version == 12 && plan.records.first?.fields["note"] == .string("later"))
    }

    @Test("a mutation id repeated within a batch gets the first result again")
    func repeatedWithinBatch() {
        let world = PushPlanWorld()
        let create = world.create()
        let plan = world.plan([create, create])
        #expect(plan.results.count == 2 && plan.results[0] == plan.results[1])
        #expect(plan.newResults.count == 1 && plan.records.count == 1)
    }
}
