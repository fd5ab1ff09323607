import Foundation
import GRDB
import SatchelShared
import Testing
@testable import SatchelClient

/// A machine restored from an old copy of its database, over a real server and libcurl: what its earlier
/// self wrote after the copy was made is unseen by it, so its delete must not erase that.
@Suite("A machine restored from an old copy")
struct RestoredMachineTests {
    /// Restore seed 61, by hand: save an article, copy the database, sync, retitle, sync; restore the copy,
    /// whose change log still holds the create, and delete the article there. The create comes back as a
    /// replay (answered as first applied) and the delete names no base version; the retitle, made by the
    /// same machine's node after the copy, must survive with a conflict, on every machine.
    @Test("a delete from the restored copy keeps what its earlier self wrote after the copy",
          arguments: [SyncLimits.maxPushBatch, 1])
    func deleteKeepsLaterSelf(pushBatch: Int) async throws {
        try await TwoMachines.run { machines in
            let (article, copy) = try await machines.savedArticleCopiedThenSynced(url: "https://example.test/restored")
            try machines.a.updateArticle(article.id) { $0.title = "retitled after the copy" }
            try await machines.a.sync()

            let restored = try LocalStore(path: copy, server: machines.api)
            #expect(restored.clientId == machines.a.clientId, "the copy is the same installation")
            #expect(try restored.status().pendingChanges == 1, "the copy still holds the unanswered create")
            await restored.engine?.setPushBatchSize(pushBatch)
            try restored.deleteArticle(article.id)
            let summary = try await restored.sync()
            #expect(summary.conflicts == 1, "the delete met the unseen retitle")
            #expect(try restored.article(article.id)?.value.title == "retitled after the copy")
            #expect(try restored.conflicts().map(\.rule) == [ConflictRecord.updateWinsOverDelete])

            try await machines.b.sync()
            #expect(try machines.b.article(article.id)?.value.title == "retitled after the copy")
            try await machines.a.sync()
            #expect(try machines.a.article(article.id)?.value.title == "retitled after the copy")
        }
    }

    /// What the same rule must not disturb: the copy's create replays, and the copy's own edit and delete
    /// made after the restore (with nothing written meanwhile by its earlier self) count as seen, so the
    /// delete applies without a conflict against itself: the same answer as for a machine whose push answer
    /// was lost.
    @Test("a restored copy still deletes what only it wrote, after its own edit", arguments: [SyncLimits.maxPushBatch, 1])
    func ownEditThenDelete(pushBatch: Int) async throws {
        try await TwoMachines.run { machines in
            let (article, copy) = try await machines.savedArticleCopiedThenSynced(url: "https://example.test/own")

            let restored = try LocalStore(path: copy, server: machines.api)
            await restored.engine?.setPushBatchSize(pushBatch)
            try restored.updateArticle(article.id) { $0.title = "second" }
            try restored.deleteArticle(article.id)
            let summary = try await restored.sync()
            #expect(summary.pushed == 3 && summary.conflicts == 0)
            #expect(try restored.article(article.id) == nil)
            #expect(try restored.conflicts().isEmpty)
            try await machines.b.sync()
            #expect(try machines.b.article(article.id) == nil)
        }
    }
}

extension TwoMachines {
    /// Machine A saves an article titled "first", copies its database file (the article's create still
    /// pending in the copy), then syncs. Returns the article and the copy's path.
    func savedArticleCopiedThenSynced(url: String) async throws -> (SavedArticle, String) {
        let article = try a.saveArticle(url: url, title: "first")
        let copy = directory.appendingPathComponent("machine-a-copy.sqlite").path
        try a.database.queue.backup(to: DatabaseQueue(path: copy))
        try await a.sync()
        return (article, copy)
    }
}

extension SyncEngine {
    /// Sets how many outbox entries one push carries, so a test can split a machine's log across pushes.
    func setPushBatchSize(_ size: Int) {
        pushBatchSize = size
    }
}
