import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelSync

/// The applier's decisions, event by event, without a database or network.
@Suite("SyncApplier")
struct SyncApplierTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var applier: SyncApplier { SyncApplier(clientId: "laptop", now: now) }
    var stamp: HLCTimestamp { HLCTimestamp(wallMillis: 1_800_000_000_000, counter: 0, node: "laptop") }

    func stored(_ fields: [String: JSONValue], version: Int = 3, deleted: Bool = false) -> StoredSyncRecord {
        var all = SyncSchema.fields(of: .savedArticle).mapValues(\.defaultValue)
        all.merge(fields) { $1 }
        return StoredSyncRecord(entity: .savedArticle, recordId: UUID(), version: version, deleted: deleted,
                                fields: all, stamps: [:], updatedAt: now)
    }

    func prepared(_ op: MutationOp, _ fields: [String: FieldChange] = [:], base: Int? = nil, entity: SyncEntity = .savedArticle,
                  stamp: HLCTimestamp? = nil) -> PreparedMutation {
        PreparedMutation(mutation: Mutation(entity: entity, recordId: UUID(), op: op, baseVersion: base,
                                            hlc: stamp ?? self.stamp, fields: fields), comment: nil)
    }

    @Test("a create makes a record with defaults for omitted fields")
    func create() {
        let outcome = applier.apply(prepared(.create, ["url": FieldChange(base: nil, value: .string("https://a.test"))]), to: nil)
        #expect(outcome.status == .applied)
        #expect(outcome.write?.fields["url"] == .string("https://a.test"))
        #expect(outcome.write?.fields["readingProgress"] == .number(0))
        #expect(outcome.write?.deleted == false)
    }

    @Test("invalid mutations are rejected with a readable reason", arguments: [
        (["url": FieldChange(base: nil, value: .number(1))], "url"),
        (["title": FieldChange(base: nil, value: .string("t"))], "url"),
        (["url": FieldChange(base: nil, value: .string("u")), "readingProgress": FieldChange(base: nil, value: .number(2))], "readingProgress"),
        (["url": FieldChange(base: nil, value: .string("u")), "owner": FieldChange(base: nil, value: .string("x"))], "owner"),
    ])
    func rejects(fields: [String: FieldChange], named: String) {
        let outcome = applier.apply(prepared(.create, fields), to: nil)
        #expect(outcome.status == .rejected)
        #expect(outcome.reason?.contains(named) == true)
        #expect(outcome.code == .invalid)
        #expect(outcome.write == nil)
    }

    @Test("an update of a missing record is rejected; a delete of one is a no-op")
    func missing() {
        let update = applier.apply(prepared(.update, ["note": FieldChange(base: .string(""), value: .string("x"))]), to: nil)
        #expect(update.status == .rejected && update.code == .notFound)
        let delete = applier.apply(prepared(.delete, base: 1), to: nil)
        #expect(delete.status == .applied && delete.write == nil)
    }

    @Test("a delete based on the current version leaves a tombstone; one based on an older version loses")
    func deletes() {
        let current = stored(["note": .string("n")], version: 3)
        let fresh = applier.apply(prepared(.delete, base: 3), to: current)
        #expect(fresh.status == .applied && fresh.write?.deleted == true)
        let stale = applier.apply(prepared(.delete, base: 2), to: current)
        #expect(stale.status == .conflict && stale.write == nil)
        #expect(stale.conflicts.first?.rule == ConflictRecord.updateWinsOverDelete)
        #expect(stale.conflicts.first?.clientId == "laptop")
    }

    /// Restore seed 10 of the simulation: a machine restored from an old copy deletes a record it never had
    /// acknowledged, so its delete names no version; another machine's edit of that record must survive.
    @Test("a delete naming no version removes only what this machine wrote; another machine's edit survives it")
    func deleteWithoutVersion() {
        var ownOnly = stored(["note": .string("n")], version: 3)
        ownOnly.stamps = ["url": stamp, "note": stamp]
        let own = applier.apply(prepared(.delete), to: ownOnly)
        #expect(own.status == .applied && own.write?.deleted == true)

        var editedElsewhere = ownOnly
        editedElsewhere.stamps["tags"] = HLCTimestamp(wallMillis: stamp.wallMillis + 5, counter: 0, node: "desktop")
        let lost = applier.apply(prepared(.delete), to: editedElsewhere)
        #expect(lost.status == .conflict && lost.write == nil)
        #expect(lost.conflicts.first?.rule == ConflictRecord.updateWinsOverDelete)
    }

    @Test("an edit that loses a text conflict changes no field but moves the version, so a delete made before it conflicts")
    func lostConflictMovesVersion() throws {
        let current = stored(["note": .string("mine")], version: 5)
        let theirs = prepared(.update, ["note": FieldChange(base: .string("first"), value: .string("theirs"))], base: 2)
        let lost = applier.apply(theirs, to: current)
        #expect(lost.status == .conflict && lost.conflicts.map(\.field) == ["note"])
        let write = try #require(lost.write, "the record gains a version for the conflict")
        #expect(write.fields == current.fields && !write.deleted)

        var after = current
        after.version = 6
        let delete = applier.apply(prepared(.delete, base: 5), to: after)
        #expect(delete.status == .conflict && delete.write == nil, "the deleting machine never saw the lost edit")
        #expect(applier.apply(prepared(.delete, base: 6), to: after).write?.deleted == true)
    }

    @Test("an update of a tombstone resurrects it with the update and a conflict record")
    func resurrect() {
        let tombstone = stored(["note": .string("old")], deleted: true)
        let outcome = applier.apply(prepared(.update, ["note": FieldChange(base: .string("old"), value: .string("new"))], base: 2), to: tombstone)
        #expect(outcome.status == .conflict)
        #expect(outcome.write?.deleted == false && outcome.write?.fields["note"] == .string("new"))
        #expect(outcome.conflicts.map(\.field) == ["deleted"])
    }

    @Test("a clock far in the future is clamped, so it cannot win every later write")
    func clockBound() {
        let current = stored(["title": .string("server")])
        var current2 = current
        let serverStamp = HLCTimestamp(wallMillis: 1_800_000_000_000 + 120_000, counter: 0, node: "desktop")
        current2.stamps["title"] = serverStamp
        let future = HLCTimestamp(wallMillis: 9_000_000_000_000, counter: 0, node: "broken")
        let outcome = applier.apply(
            prepared(.update, ["title": FieldChange(base: .string("base"), value: .string("future"))], stamp: future), to: current2)
        #expect(outcome.write == nil, "the clamped stamp (now + 60 s) is older than a stamp 120 s ahead; the stored title stays")
    }

    @Test("queued comments: prepared refusals are rejected, a repeat of the record is a no-op, only creates are allowed")
    func comments() {
        var refused = prepared(.create, ["postId": FieldChange(base: nil, value: .string(UUID().uuidString)),
                                         "body": FieldChange(base: nil, value: .string("hi"))], entity: .comment)
        refused.comment = .failure(.commentsClosed)
        #expect(applier.apply(refused, to: nil).reason?.contains("closed") == true)
        #expect(applier.apply(refused, to: nil).code == .commentClosed)
        refused.comment = .failure(.invalid([]))
        #expect(applier.apply(refused, to: nil).code == .commentInvalid)
        refused.comment = .failure(.commentsClosed)
        let update = prepared(.update, ["body": FieldChange(base: .string("a"), value: .string("b"))], entity: .comment)
        #expect(applier.apply(update, to: nil).status == .rejected)
        #expect(applier.apply(update, to: nil).code == .commentReadOnly)
        var repeatCreate = refused
        repeatCreate.comment = nil
        let existing = StoredSyncRecord(entity: .comment, recordId: UUID(), version: 1, deleted: false, fields: [:], stamps: [:], updatedAt: now)
        let outcome = applier.apply(repeatCreate, to: existing)
        #expect(outcome.status == .applied && outcome.write == nil && outcome.comment == nil)
    }
}
