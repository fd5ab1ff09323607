import Foundation
import SatchelShared
import Testing
@testable import SatchelClient
import SatchelSync

@Suite("RecordRebase")
struct RecordRebaseTests {
    let id = UUID()
    let stamp = HLCTimestamp(wallMillis: 1, counter: 0, node: "n")
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func record(_ fields: [String: JSONValue], base: [String: JSONValue]? = nil, version: Int? = nil) -> LocalRecord {
        LocalRecord(entity: .draft, id: id, fields: fields, base: base, baseVersion: version, updatedAt: now)
    }

    func update(_ fields: [String: FieldChange], op: MutationOp = .update) -> Mutation {
        Mutation(entity: .draft, recordId: id, op: op, baseVersion: 1, hlc: stamp, fields: fields)
    }

    @Test("a local edit records only changed fields, based on the value before the edit")
    func mutationFromEdit() throws {
        let before = record(["title": .string("a"), "body": .string("b")], base: ["title": .string("a")], version: 3)
        let mutation = try #require(RecordRebase.mutation(
            entity: .draft, id: id, op: .update, before: before, after: ["title": .string("a"), "body": .string("c")], hlc: stamp))
        #expect(mutation.fields == ["body": FieldChange(base: .string("b"), value: .string("c"))])
        #expect(mutation.baseVersion == 3)
        #expect(RecordRebase.mutation(entity: .draft, id: id, op: .update, before: before, after: before.fields, hlc: stamp) == nil,
                "an edit that changes nothing logs nothing")
    }

    @Test("a pulled change moves the base; fields with pending edits keep their local values")
    func pulledRebase() throws {
        let local = record(["title": .string("mine"), "body": .string("old")], base: ["title": .string("t"), "body": .string("old")], version: 1)
        let change = SyncChange(entity: .draft, recordId: id, version: 4, deleted: false,
                                record: .object(["title": .string("theirs"), "body": .string("new body")]))
        let pending = [update(["title": FieldChange(base: .string("t"), value: .string("mine"))])]
        let rebased = try #require(RecordRebase.applyPulled(change, to: local, pending: pending, now: now))
        #expect(rebased.fields["title"] == .string("mine"))
        #expect(rebased.fields["body"] == .string("new body"))
        #expect(rebased.base?["title"] == .string("theirs") && rebased.baseVersion == 4)
        let clean = try #require(RecordRebase.applyPulled(change, to: local, pending: [], now: now))
        #expect(clean.fields["title"] == .string("theirs"))
    }

    @Test("a pulled tombstone deletes a record without pending edits and spares one with them")
    func tombstones() {
        let local = record(["title": .string("x")], base: ["title": .string("x")], version: 1)
        let tombstone = SyncChange(entity: .draft, recordId: id, version: 2, deleted: true, record: .object(["title": .string("x")]))
        #expect(RecordRebase.applyPulled(tombstone, to: local, pending: [], now: now) == nil)
        let kept = RecordRebase.applyPulled(tombstone, to: local, pending: [update(["title": FieldChange(base: .string("x"), value: .string("y"))])], now: now)
        #expect(kept?.fields["title"] == .string("y") && kept?.deleted == false)
    }

    @Test("adopting results: applied moves the base; merged takes the server record plus later pending edits")
    func adoption() throws {
        let local = record(["title": .string("b2"), "body": .string("x")], base: ["title": .string("a"), "body": .string("x")], version: 1)
        let first = update(["title": FieldChange(base: .string("a"), value: .string("b"))])
        let later = update(["title": FieldChange(base: .string("b"), value: .string("b2"))])
        let applied = try #require(RecordRebase.adopt(
            MutationResult(id: first.id, status: .applied, version: 5, record: nil), of: first, into: local, later: [later]))
        #expect(applied.base?["title"] == .string("b") && applied.baseVersion == 5)
        #expect(applied.fields["title"] == .string("b2"), "the later pending edit stays visible")
        let merged = try #require(RecordRebase.adopt(
            MutationResult(id: first.id, status: .merged, version: 6, record: .object(["title": .string("b"), "body": .string("merged")])),
            of: first, into: local, later: [later]))
        #expect(merged.fields == ["title": .string("b2"), "body": .string("merged")])
        #expect(merged.base?["body"] == .string("merged"))
        let rejected = RecordRebase.adopt(
            MutationResult(id: first.id, status: .rejected, version: nil, record: nil, reason: "no"), of: first, into: local, later: [])
        #expect(rejected == local, "a rejection changes nothing locally; the mutation goes to the dead letters")
    }

    @Test("a record sent whole after a purge restores what it last saw (base = value) and keeps its edit's change")
    func recreationRestoresAndEdits() throws {
        let local = record(["title": .string("mine"), "body": .string("b")],
                           base: ["title": .string("t"), "body": .string("b"), "kind": .string("post")], version: 3)
        let edit = update(["title": FieldChange(base: .string("t"), value: .string("mine"))])
        let create = try #require(RecordRebase.recreation(of: edit, from: local))
        #expect(create.op == .create && create.id == edit.id && create.baseVersion == 1 && create.hlc == stamp)
        #expect(create.fields["title"] == FieldChange(base: .string("t"), value: .string("mine")))
        #expect(create.fields["body"] == FieldChange(base: .string("b"), value: .string("b")))
        #expect(create.fields["kind"] == FieldChange(base: .string("post"), value: .string("post")))
        #expect(RecordRebase.recreation(of: update([:], op: .delete), from: local) == nil)
    }
}
