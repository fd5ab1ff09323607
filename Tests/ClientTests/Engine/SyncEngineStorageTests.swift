import Foundation
import SatchelShared
import Testing
@testable import SatchelClient

/// The sync engine against the real storage layer (a SQLite file) and a scripted in-memory server.
@Suite("Sync engine over the storage layer")
struct SyncEngineStorageTests {
    let now = Date(millis: 1_700_000_000_000)
    let file = LocalDatabaseFile()

    func makeStore(_ server: ScriptedSyncServer) throws -> LocalStore {
        let now = now
        return try LocalStore(
            path: file.path, server: server,
            environment: ClientEnvironment(now: { now }, random: { 0 }, sleep: { _ in }))
    }

    @Test("a push sends the outbox in order, empties it, adopts the versions and hears the server's time")
    func push() async throws {
        let server = ScriptedSyncServer(serverTime: Date(millis: now.millis + 10_000))
        let store = try makeStore(server)
        let first = try store.saveArticle(url: "https://a.test/one")
        try store.setNote(first.id, "read later")
        let second = try store.saveArticle(url: "https://a.test/two")
        let summary = try await store.sync()
        let heard = now.millis + 10_000
        #expect(summary.pushed == 3)
        #expect(server.pushes.count == 1)
        #expect(server.pushes.first?.clientId == store.clientId)
        #expect(server.pushes.first?.mutations.map(\.recordId) == [first.id, first.id, second.id])
        #expect(server.pushes.first?.mutations.map(\.op) == [.create, .update, .create])
        let (pending, firstVersion, secondVersion, clock, lastSyncAt) = try await store.database.read { (tables) throws in
            (try tables.outbox.count(), try tables.records.find(.savedArticle, first.id)?.baseVersion,
             try tables.records.find(.savedArticle, second.id)?.baseVersion, try tables.clock.last(),
             try tables.meta.value(.lastSyncAt))
        }
        #expect(pending == 0)
        #expect(firstVersion == 2)
        #expect(secondVersion == 1)
        #expect(clock?.wallMillis == heard)
        #expect(lastSyncAt != nil)
        #expect(try store.article(first.id)?.state == .synced)
        #expect(try store.article(first.id)?.value.note == "read later")
    }

    @Test("a refused mutation becomes a dead letter and the rest of the batch still lands")
    func refused() async throws {
        let server = ScriptedSyncServer(serverTime: now)
        let store = try makeStore(server)
        let kept = try store.saveArticle(url: "https://a.test/kept")
        let refused = try store.saveArticle(url: "https://a.test/refused")
        server.refuse(refused.id, reason: "Not allowed.")
        let summary = try await store.sync()
        #expect(summary.pushed == 2)
        #expect(summary.rejected == 1)
        #expect(try store.status().pendingChanges == 0)
        #expect(try store.deadLetters().map(\.reason) == ["Not allowed."])
        #expect(try store.deadLetters().map(\.mutation.recordId) == [refused.id])
        #expect(try store.article(refused.id)?.state == .rejected)
        #expect(try store.article(kept.id)?.state == .synced)
    }

    @Test("pulled pages are stored one by one, each with the cursor after it")
    func pullPages() async throws {
        let server = ScriptedSyncServer(serverTime: now)
        let ids = (0..<5).map { _ in UUID() }
        server.setFeed(ids.enumerated().map { ScriptedSyncServer.article($1, title: "t\($0)") })
        let store = try makeStore(server)
        let summary = try await store.sync()
        #expect(summary.pulled == 5)
        #expect(server.pulls == [nil, "2", "4"])
        #expect(try await store.database.read { try $0.meta.cursor() } == "5")
        #expect(Set(try store.articles().map(\.value.id)) == Set(ids))
        #expect(try store.articles().allSatisfy { $0.state == .synced })
        let again = try await store.sync()
        #expect(again.pulled == 0)
        #expect(server.pulls.last == "5", "the next sync starts from the stored cursor")
    }

    @Test("an expired cursor re-reads the feed and drops synced records the server no longer has")
    func fullResync() async throws {
        let server = ScriptedSyncServer(serverTime: now)
        let kept = UUID(), purged = UUID(), added = UUID()
        server.setFeed([ScriptedSyncServer.article(kept, title: "kept"), ScriptedSyncServer.article(purged, title: "purged")])
        let store = try makeStore(server)
        try await store.sync()
        #expect(try store.articles().count == 2)
        server.setFeed([ScriptedSyncServer.article(kept, title: "kept", version: 3), ScriptedSyncServer.article(added, title: "added")])
        server.expire("2")
        let summary = try await store.sync()
        #expect(summary.fullResync)
        #expect(summary.pulled == 2)
        #expect(Set(try store.articles().map(\.value.id)) == [kept, added])
        #expect(try await store.database.read { try $0.records.find(.savedArticle, kept)?.baseVersion } == 3)
        #expect(try await store.database.read { try $0.meta.cursor() } == "2")
    }
}
