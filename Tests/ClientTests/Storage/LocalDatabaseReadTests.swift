import Foundation
import GRDB
import GRDBSQLite
import SatchelShared
import Testing
@testable import SatchelClient

@Suite("Client storage: read transactions")
struct LocalDatabaseReadTests {
    @Test("a statement prepared once stays prepared across reads and both kinds of write (no recompiling after each read)")
    func cachedStatementsSurviveReads() async throws {
        let database = try LocalDatabaseFile().open()
        try Self.blocking { try database.write { try $0.meta.setValue("1", forKey: "probe") } }
        for round in 0..<5 {
            #expect(try Self.blocking { try database.read { try $0.meta.value(forKey: "probe") } } == "1")
            #expect(try await database.read { tables in try tables.meta.value(forKey: "probe") } == "1")
            try Self.blocking { try database.write { try $0.meta.setValue("1", forKey: "round-\(round)") } }
            // The sync engine's writes relax and restore `synchronous` around their transaction.
            try await database.syncWrite { tables in try tables.meta.setValue("1", forKey: "synced-\(round)") }
        }
        let reprepared = try Self.blocking {
            try database.read { tables in
                let statement = try tables.db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?")
                return sqlite3_stmt_status(statement.sqliteStatement, SQLITE_STMTSTATUS_REPREPARE, 0)
            }
        }
        #expect(reprepared == 0, "the meta lookup was compiled again \(reprepared) times")
    }

    @Test("a write inside a read is refused as read-only and leaves nothing behind")
    func writeInReadIsRefused() async throws {
        let database = try LocalDatabaseFile().open()
        let refused = #expect(throws: DatabaseError.self) {
            try Self.blocking { try database.read { try $0.meta.setValue("sneaked", forKey: "probe") } }
        }
        #expect(refused?.resultCode == .SQLITE_READONLY)
        await #expect(throws: DatabaseError.self) {
            try await database.read { tables in try tables.meta.setValue("sneaked", forKey: "probe") }
        }
        #expect(try Self.blocking { try database.read { try $0.meta.value(forKey: "probe") } } == nil)
        try Self.blocking { try database.write { try $0.meta.setValue("written", forKey: "probe") } }
        #expect(
            try Self.blocking { try database.read { try $0.meta.value(forKey: "probe") } } == "written",
            "the connection still writes")
    }

    @Test("an error thrown inside a read reaches the caller and the next read works")
    func errorInRead() throws {
        let database = try LocalDatabaseFile().open()
        #expect(throws: LocalStoreError.invalid("boom")) {
            try database.read { _ in throw LocalStoreError.invalid("boom") }
        }
        #expect(try database.read { try $0.outbox.count() } == 0)
    }

    /// Runs `body` as written, so that the blocking overloads of `read` and `write` are the ones called.
    private static func blocking<T>(_ body: () throws -> T) rethrows -> T { try body() }
}
