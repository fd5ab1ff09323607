import Foundation
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// `--database` and `SATCHEL_DATABASE_URL`: a path selects SQLite, a postgres:// URL PostgreSQL.
@Suite("Database location parsing")
struct DatabaseLocationTests {
    @Test("a plain path, relative or absolute, or a sqlite:// URL is a SQLite file")
    func sqlitePaths() throws {
        #expect(try DatabaseLocation(parsing: "satchel.sqlite") == .sqlite(path: "satchel.sqlite"))
        #expect(try DatabaseLocation(parsing: "data/blog.db") == .sqlite(path: "data/blog.db"))
        #expect(try DatabaseLocation(parsing: "/var/lib/satchel/satchel.sqlite") == .sqlite(path: "/var/lib/satchel/satchel.sqlite"))
        #expect(try DatabaseLocation(parsing: "sqlite://satchel.sqlite") == .sqlite(path: "satchel.sqlite"))
    }

    @Test("a full postgres:// URL gives host, port, user, password and database")
    func fullURL() throws {
        let location = try DatabaseLocation(parsing: "postgres://satchel:s%40cret@db.internal:6543/blog?sslmode=require&pool_size=25")
        #expect(location == .postgres(PostgresStoreConfiguration(
            host: "db.internal", port: 6543, username: "satchel", password: "s@cret", database: "blog", tls: .require,
            poolSize: 25)))
    }

    @Test("postgresql:// works too; the port defaults to 5432, TLS to prefer, the pool to 10")
    func defaults() throws {
        let location = try DatabaseLocation(parsing: "postgresql://postgres@127.0.0.1/satchel")
        #expect(location == .postgres(PostgresStoreConfiguration(
            host: "127.0.0.1", port: 5432, username: "postgres", password: nil, database: "satchel", tls: .prefer,
            poolSize: 10)))
        let noDatabase = try PostgresStoreConfiguration(url: "postgres://me@localhost:5433")
        #expect(noDatabase.database == nil && noDatabase.port == 5433)
    }

    @Test("unusable URLs are refused with a sentence that says what is wrong", arguments: [
        ("postgres://127.0.0.1:5432/satchel", "no user name"),
        ("postgres://user@:5432/satchel", "no host"),
        ("postgres:///satchel", "no host"),
        ("mysql://user@host/db", "scheme mysql"),
        ("postgres://user@host/db?sslmode=maybe", "sslmode=maybe"),
        ("postgres://user@host/db?pool_size=0", "pool_size=0"),
        ("postgres://user@host/db?pool=3", "unknown parameter pool"),
        ("postgres://user@host/a/b", "no '/'"),
        ("  ", "is empty"),
        ("sqlite://", "no file path"),
    ])
    func refused(text: String, message: String) {
        #expect {
            _ = try DatabaseLocation(parsing: text)
        } throws: { error in
            "\(error)".contains(message) && "\(error)".hasPrefix("The database URL")
        }
    }

    @Test("a password never appears in an error")
    func passwordHidden() {
        #expect {
            _ = try DatabaseLocation(parsing: "postgres://user:hunter2@host/db?sslmode=nope")
        } throws: { error in
            !"\(error)".contains("hunter2")
        }
    }

    @Test("SATCHEL_DATABASE_URL wins over SATCHEL_DATABASE; the pool size option fills in a URL without one")
    func environment() throws {
        #expect(ServerEnvironment.database([:]) == "satchel.sqlite")
        #expect(ServerEnvironment.database(["SATCHEL_DATABASE": "a.sqlite"]) == "a.sqlite")
        #expect(ServerEnvironment.database(
            ["SATCHEL_DATABASE": "a.sqlite", "SATCHEL_DATABASE_URL": "postgres://u@h/d"]) == "postgres://u@h/d")
        guard case .postgres(let sized) = try ServerEnvironment.location("postgres://u@h/d", poolSize: 3) else {
            Issue.record("expected PostgreSQL")
            return
        }
        #expect(sized.poolSize == 3)
        guard case .postgres(let fixed) = try ServerEnvironment.location("postgres://u@h/d?pool_size=7", poolSize: 3)
        else {
            Issue.record("expected PostgreSQL")
            return
        }
        #expect(fixed.poolSize == 7)
        #expect(try ServerEnvironment.location("x.sqlite", poolSize: 3) == .sqlite(path: "x.sqlite"))
    }
}
