import Foundation
import GRDB
import SatchelShared
import Testing
@testable import SatchelClient

@Suite("Client storage: cursor, metadata, clock and article bodies")
struct LocalDatabaseMetaTests {
    @Test("the cursor and the client id survive a reopen; a nil value removes a key")
    func cursorAndClientId() throws {
        let file = LocalDatabaseFile()
        let (clientId, again) = try file.open().write { (tables) throws in
            #expect(try tables.meta.cursor() == nil)
            try tables.meta.setCursor("c-41")
            try tables.meta.setCursor("c-42")
            return (try tables.meta.clientId(), try tables.meta.clientId())
        }
        #expect(clientId == again)
        #expect(clientId.hasPrefix("client-"))
        let reopened = try file.open()
        try reopened.read { (tables) throws in
            #expect(try tables.meta.cursor() == "c-42")
            #expect(try tables.meta.clientId() == clientId)
        }
        try reopened.queue.read { (db) throws in #expect(try LocalDatabase.meta(db, "cursor") == "c-42") }
        try reopened.write { try $0.meta.set(.cursor, nil) }
        #expect(try reopened.read { try $0.meta.cursor() } == nil)
    }

    @Test("JSON values round-trip through the metadata; an unreadable one reads as absent")
    func codedValues() throws {
        let database = try LocalDatabaseFile().open()
        let status = LiveSyncStatus(state: .polling, updatedAt: Date(millis: 1_700_000_000_000), validFor: 30)
        try database.write { (tables) throws in
            try tables.meta.setEncoded(status, .liveSync)
            try tables.meta.set(.lastSyncTimings, "{not json")
        }
        try database.read { (tables) throws in
            #expect(try tables.meta.decoded(LiveSyncStatus.self, .liveSync) == status)
            #expect(try tables.meta.decoded(SyncTimings.self, .lastSyncTimings) == nil)
        }
    }

    @Test("the clock never runs backwards, across a reopen and a wall clock set back")
    func clockPersists() throws {
        let file = LocalDatabaseFile()
        let late = Date(millis: 1_700_000_100_000), early = Date(millis: 1_700_000_000_000)
        let first = try file.open().write { try $0.clock.tick(node: "laptop", now: late) }
        #expect(first.wallMillis == late.millis)
        let reopened = try file.open()
        #expect(try reopened.read { try $0.clock.last() } == first)
        let second = try reopened.write { try $0.clock.tick(node: "laptop", now: early) }
        #expect(second > first, "a wall clock set back still gives a later timestamp")
        #expect(second.node == "laptop")
    }

    @Test("the clock orders local writes after the server time it heard")
    func clockReceivesServerTime() throws {
        let database = try LocalDatabaseFile().open()
        let now = Date(millis: 1_700_000_000_000)
        let serverTime = Date(millis: now.millis + 5_000)
        let stamp = try database.write { (tables) throws in
            try tables.clock.receive(serverTime, node: "laptop", now: now)
            return try tables.clock.tick(node: "laptop", now: now)
        }
        #expect(stamp.wallMillis >= serverTime.millis)
        #expect(stamp > HLCTimestamp(wallMillis: serverTime.millis, counter: 0, node: "server"))
    }

    @Test("an article body is kept, replaced and found by its article")
    func articleBodies() throws {
        let database = try LocalDatabaseFile().open()
        let id = UUID()
        let old = CachedArticleBody(articleId: id, body: "draft", readingTimeMinutes: 1, cachedAt: Date(millis: 1_000))
        let new = CachedArticleBody(articleId: id, body: "final text", readingTimeMinutes: 3, cachedAt: Date(millis: 2_000))
        try database.write { (tables) throws in
            try tables.articleBodies.save(old)
            try tables.articleBodies.save(new)
        }
        try database.read { (tables) throws in
            #expect(try tables.articleBodies.find(id) == new)
            #expect(try tables.articleBodies.find(UUID()) == nil)
        }
    }
}
