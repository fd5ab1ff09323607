import Foundation
import SatchelShared
import Testing
@testable import SatchelClient
@testable import SatchelServer

/// A machine that holds edits while another deletes the record and the tombstone horizon passes: its
/// edits must bring the record back (edit wins over delete), not be set aside as dead letters.
@Suite("Edits across the tombstone horizon, over real HTTP")
struct HorizonSyncTests {
    @Test("edits pending on A while B deletes the article and its tombstone is purged bring it back on both")
    func editsSurvivePurgedDelete() async throws {
        try await TwoMachines.run { m in
            let saved = try m.a.saveArticle(url: "https://example.com/essay", title: "An essay", note: "first")
            try await m.a.sync()
            try await m.b.sync()
            // A edits twice without syncing; B deletes and syncs; the horizon passes.
            try m.a.setNote(saved.id, "kept from A")
            try m.a.tag(saved.id, add: ["later"])
            try m.b.deleteArticle(saved.id)
            try await m.b.sync()
            #expect(try await m.dependencies.sync.purgeTombstones(before: Date().addingTimeInterval(60)) == 1)

            let summary = try await m.a.sync()
            #expect(summary.fullResync, "A's cursor is older than the purged tombstone")
            #expect(summary.conflicts == 1, "the record comes back with an update-wins-over-delete conflict")
            let status = try m.a.status()
            #expect(status.deadLetters.isEmpty && status.pendingChanges == 0)
            let onA = try #require(try m.a.article(saved.id))
            #expect(onA.value.note == "kept from A" && onA.value.tags == ["later"] && onA.value.title == "An essay")

            try await m.b.sync()
            let onB = try #require(try m.b.article(saved.id))
            #expect(onB.value.note == "kept from A" && onB.value.tags == ["later"])
            for machine in [m.a, m.b] {
                let conflicts = try machine.conflicts()
                #expect(conflicts.map(\.rule) == [ConflictRecord.updateWinsOverDelete])
                #expect(conflicts.first?.recordId == saved.id)
            }
        }
    }

    @Test("an edit followed by a delete on A, both pending across the horizon, leaves the article gone")
    func pendingDeleteStaysDeleted() async throws {
        try await TwoMachines.run { m in
            let saved = try m.a.saveArticle(url: "https://example.com/short", title: "Short")
            try await m.a.sync()
            try await m.b.sync()
            try m.a.setNote(saved.id, "one last thought")
            try m.a.deleteArticle(saved.id)
            try m.b.deleteArticle(saved.id)
            try await m.b.sync()
            #expect(try await m.dependencies.sync.purgeTombstones(before: Date().addingTimeInterval(60)) == 1)
            try await m.a.sync()
            try await m.b.sync()
            #expect(try m.a.article(saved.id) == nil && m.b.article(saved.id) == nil)
            let status = try m.a.status()
            #expect(status.deadLetters.isEmpty && status.pendingChanges == 0)
        }
    }
}
