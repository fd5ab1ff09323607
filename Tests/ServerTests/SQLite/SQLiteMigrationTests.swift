import Foundation
import GRDB
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelSync
@testable import SatchelStores

@Suite("SQLite migrations")
struct SQLiteMigrationTests {
    @Test("a database written at v2 keeps its feed, records and mutation results after v3 reorders the sync tables")
    func v2ToV3() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-migrate-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let user = UUID(), first = UUID(), second = UUID(), mutation = UUID()
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v2-sync")
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO sync_state VALUES (?, 2, 0)", arguments: [user.uuidString])
                for (id, version) in [(first, 2), (second, 1)] {
                    try db.execute(
                        sql: "INSERT INTO sync_records VALUES (?, 'savedArticle', ?, ?, 0, ?, '{}', 0)",
                        arguments: [user.uuidString, id.uuidString, version, #"{"title":"v\#(version)"}"#])
                }
                try db.execute(
                    sql: "INSERT INTO sync_mutations VALUES (?, ?, ?, 0)",
                    arguments: [user.uuidString, mutation.uuidString, String(decoding: MutationResult(
                        id: mutation, status: .applied, version: 1, record: nil).encodedData(), as: UTF8.self)])
            }
        }
        let store = try SQLiteStore(path: path)
        let page = try await store.pull(userId: user, after: 0, limit: 10)
        #expect(page.changes.map(\.recordId) == [second, first])
        #expect(page.changes.map(\.record) == [.object(["title": .string("v1")]), .object(["title": .string("v2")])])
        let replay = Mutation(id: mutation, entity: .savedArticle, recordId: second, op: .create,
                              hlc: HLCTimestamp(wallMillis: 1, counter: 0, node: "t"))
        let results = try await store.applyPush(
            userId: user, batch: [PreparedMutation(mutation: replay, comment: nil)],
            applier: SyncApplier(clientId: "c", now: Date()))
        #expect(results.map(\.status) == [.applied])
        #expect(results.map(\.version) == [1], "the stored first result, not a new write")
    }
}
