import Foundation
import GRDB
import GRDBSQLite
import SatchelShared

/// A statement of a GRDB connection bound straight from bytes, for the few inserts on the push hot
/// path, where boxing every argument into GRDB's `StatementArguments` costs more than the insert itself.
/// It is the connection's cached statement for its SQL (compiled once per connection, as
/// `cachedStatement`), so use it only inside the `Database` access that made it.
final class SQLiteRawStatement {
    private let connection: OpaquePointer
    /// Keeps GRDB's statement, which owns the SQLite one, alive while it is bound and run here.
    private let cached: Statement
    private let statement: OpaquePointer
    private let sql: String

    /// The cached statement for `sql` on `db`'s connection, prepared on first use.
    init(_ db: Database, sql: String) throws {
        guard let connection = db.sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE) }
        cached = try db.cachedStatement(sql: sql)
        self.connection = connection
        self.statement = cached.sqliteStatement
        self.sql = sql
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    /// Binds UTF-8 text (copied by SQLite) to the 1-based parameter `index`.
    func bind(_ index: Int32, text bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_text(
                statement, index, raw.baseAddress?.assumingMemoryBound(to: CChar.self) ?? emptyText(), Int32(raw.count),
                transientDestructor)
        }
    }

    /// Binds a string.
    func bind(_ index: Int32, text string: String) {
        var string = string
        string.withUTF8 { utf8 in
            _ = utf8.withMemoryRebound(to: CChar.self) { chars in
                sqlite3_bind_text(statement, index, chars.baseAddress ?? emptyText(), Int32(chars.count), transientDestructor)
            }
        }
    }

    /// Binds a UUID in its uppercase text form (the form every id column holds).
    func bind(_ index: Int32, uuid: UUID) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        bytes.appendUUIDDigits(uuid)
        bind(index, text: bytes)
    }

    /// Binds an integer.
    func bind(_ index: Int32, int value: Int64) {
        sqlite3_bind_int64(statement, index, value)
    }

    /// Runs the statement to completion and resets it for the next bindings.
    func run() throws {
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            let error = DatabaseError(
                resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
                message: String(cString: sqlite3_errmsg(connection)), sql: sql)
            sqlite3_reset(statement)
            throw error
        }
        sqlite3_reset(statement)
    }
}

/// A valid pointer for empty text (a nil pointer would bind NULL).
private func emptyText() -> UnsafePointer<CChar> {
    UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
}

/// SQLite's "copy the bytes now" destructor constant, which Swift cannot import as a macro.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
