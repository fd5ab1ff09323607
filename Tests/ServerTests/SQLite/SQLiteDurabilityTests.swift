import Foundation
import GRDB
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// What the server acknowledges must survive a power cut: every connection of the store waits for the
/// disk at each commit unless it was opened for a simulation.
@Suite("SQLite store durability")
struct SQLiteDurabilityTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-durability-\(UUID())")
    var path: String { directory.appendingPathComponent("server.sqlite").path }

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// `PRAGMA synchronous` as the store's writer and one of its readers see it (2 is FULL, 1 NORMAL).
    func synchronous(_ store: SQLiteStore) async throws -> (writer: Int?, reader: Int?) {
        let writer = try await store.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        let reader = try await store.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        return (writer, reader)
    }

    @Test("by default every commit waits for the disk (synchronous = FULL) on the writer and the readers")
    func fullByDefault() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path)
        let (writer, reader) = try await synchronous(store)
        #expect(writer == 2)
        #expect(reader == 2)
        #expect(try await store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test("a store opened for a simulation commits without waiting for the disk")
    func relaxedWhenAsked() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path, fsyncEveryCommit: false)
        let (writer, reader) = try await synchronous(store)
        #expect(writer == 1)
        #expect(reader == 1)
    }
}
