import Foundation
import GRDB
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelSync
@testable import SatchelStores

@Suite("SQLite background checkpoints")
struct SQLiteCheckpointerTests {
    @Test("committed pushes reach the database file itself soon after, without a checkpoint at commit")
    func pagesReachTheDatabaseFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-checkpoint-\(UUID()).sqlite").path
        let copy = path + ".copy"
        defer {
            for file in [path, path + "-wal", path + "-shm", copy] { try? FileManager.default.removeItem(atPath: file) }
        }
        let store = try SQLiteStore(path: path)
        let user = UUID()
        let stamp = HLCTimestamp(wallMillis: Int64(Date().timeIntervalSince1970 * 1000), counter: 0, node: "t")
        for _ in 0..<5 {
            let batch = (0..<50).map { index in
                PreparedMutation(mutation: Mutation(entity: .savedArticle, recordId: .timeOrdered(), op: .create, hlc: stamp,
                    fields: ["url": FieldChange(base: nil, value: .string("https://x.test/\(index)"))]), comment: nil)
            }
            _ = try await store.applyPush(userId: user, batch: batch, applier: SyncApplier(clientId: "c", now: Date()))
        }
        // The commits stay far below the auto-checkpoint backstop (4,000 pages), so only the background
        // checkpointer can have copied them: the main file alone, without its WAL, must hold all 250.
        var inFile = 0
        for _ in 0..<100 where inFile < 250 {
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            // A copy taken while a checkpoint writes may be torn; that read fails and counts as not yet.
            inFile = (try? await DatabaseQueue(path: copy).read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_records WHERE user_id = ?", arguments: [user.text]) ?? 0
            }) ?? 0
            if inFile < 250 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(inFile == 250)
    }
}
