import Foundation
import GRDB
import SatchelShared
import Testing
@testable import SatchelClient

@Suite("Client schema migrations")
struct LocalSchemaMigrationTests {
    @Test("a store written at v1 keeps its records, bases and pending changes after v2 rebuilds the records table")
    func v1ToV2() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-local-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let synced = UUID(), pending = UUID()
        do {
            let queue = try DatabaseQueue(path: path)
            try LocalSchema.migrator.migrate(queue, upTo: "v1-records-outbox")
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO records VALUES ('savedArticle', ?, ?, ?, 3, 0, 0)",
                    arguments: [synced.uuidString, #"{"title":"Mine","url":"https://a.test"}"#,
                                #"{"title":"Theirs","url":"https://a.test"}"#])
                try db.execute(
                    sql: "INSERT INTO records VALUES ('savedArticle', ?, ?, NULL, NULL, 0, 0)",
                    arguments: [pending.uuidString, #"{"title":"New","url":"https://b.test"}"#])
            }
        }
        let store = try LocalStore(path: path, server: nil)
        let titles = try store.articles().map(\.value.title)
        #expect(Set(titles) == ["Mine", "New"])
        let record = try #require(try store.database.queue.read { db in try LocalDatabase.record(db, .savedArticle, synced) })
        #expect(record.base?["title"] == .string("Theirs"))
        #expect(record.baseVersion == 3)
        try store.setNote(synced, "still writable")
        #expect(try store.article(synced)?.value.note == "still writable")
    }
}
