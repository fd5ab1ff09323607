import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelSync

/// A push batch as the applier sees it: a machine's own earlier writes in the batch are not edits
/// concurrent with its later delete (found by the seeded simulation, standard seed 1).
@Suite("SyncApplier within a batch")
struct SyncApplierBatchTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let id = UUID()
    var stamp: HLCTimestamp { HLCTimestamp(wallMillis: 1_800_000_000_000, counter: 0, node: "laptop") }

    func record(version: Int, note: String, favorite: Bool = false) -> StoredSyncRecord {
        var fields = SyncSchema.fields(of: .savedArticle).mapValues(\.defaultValue)
        fields["note"] = .string(note)
        fields["favorite"] = .bool(favorite)
        return StoredSyncRecord(entity: .savedArticle, recordId: id, version: version, deleted: false, fields: fields,
                                stamps: [:], updatedAt: now)
    }

    func mutation(_ op: MutationOp, base: Int, note: (String, String)? = nil) -> PreparedMutation {
        let fields = note.map { ["note": FieldChange(base: .string($0.0), value: .string($0.1))] } ?? [:]
        return PreparedMutation(
            mutation: Mutation(entity: .savedArticle, recordId: id, op: op, baseVersion: base, hlc: stamp, fields: fields),
            comment: nil)
    }

    @Test("an edit then a delete, both based on what the machine saw, delete the record without a conflict")
    func ownEditThenDelete() {
        let applier = SyncApplier(clientId: "laptop", now: now)
        var batch = PushBatchMemory()
        let edit = applier.apply(mutation(.update, base: 3, note: ("a", "b")), to: record(version: 3, note: "a"), batch: &batch)
        #expect(edit.status == .applied && edit.write != nil)
        // The store wrote the edit as version 4; the delete in the same batch was based on version 3.
        let delete = applier.apply(mutation(.delete, base: 3), to: record(version: 4, note: "b"), batch: &batch)
        #expect(delete.status == .applied && delete.write?.deleted == true)
    }

    @Test("when another machine wrote after what this one saw, its later delete still loses to that edit")
    func otherEditBeforeOwnEditThenDelete() {
        let applier = SyncApplier(clientId: "laptop", now: now)
        var batch = PushBatchMemory()
        // Version 5 holds another machine's favourite this one never saw (it saw version 3).
        let edit = applier.apply(
            mutation(.update, base: 3, note: ("a", "b")), to: record(version: 5, note: "a", favorite: true), batch: &batch)
        #expect(edit.write != nil)
        let delete = applier.apply(mutation(.delete, base: 3), to: record(version: 6, note: "b", favorite: true), batch: &batch)
        #expect(delete.status == .conflict && delete.write == nil)
        #expect(delete.conflicts.first?.rule == ConflictRecord.updateWinsOverDelete)
    }

    @Test("a delete alone, without the batch's memory, keeps the rule: an older base loses")
    func deleteAlone() {
        let applier = SyncApplier(clientId: "laptop", now: now)
        #expect(applier.apply(mutation(.delete, base: 3), to: record(version: 4, note: "b")).status == .conflict)
    }
}
