import Foundation
import PostgresNIO
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// A row corrupted outside the server (a bad manual edit, a broken restore) fails its read with a
/// store error — never a post with a fresh random id or a silently defaulted status.
@Suite("Corrupt stored rows")
struct CorruptRowTests {
    /// Runs `sql` on the store's database directly.
    private func corrupt(_ store: any ServerStore, _ sql: String) async throws {
        switch store {
        case let sqlite as SQLiteStore: try await sqlite.pool.write { db in try db.execute(sql: sql) }
        case let postgres as PostgresStore: try await postgres.rows(PostgresQuery(unsafeSQL: sql))
        default: Issue.record("unknown store \(type(of: store))")
        }
    }

    @Test("an unknown post status fails the read", arguments: StoreKind.allCases)
    func unknownStatus(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        let post = try await store.createPost(Fixtures.post(by: author, title: "Hello"))
        try await corrupt(store, "UPDATE posts SET status = 'bogus'")
        await #expect(throws: StoreError.self) { _ = try await store.post(id: post.id) }
    }

    @Test("an unknown user role fails the read", arguments: StoreKind.allCases)
    func unknownRole(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = try await store.createUser(Fixtures.user("writer"))
        try await corrupt(store, "UPDATE users SET role = 'emperor'")
        await #expect(throws: StoreError.self) { _ = try await store.user(id: user.id) }
    }

    @Test("SQLite: an id that is not a UUID fails the read instead of becoming a random one")
    func corruptId() async throws {
        let store = try await StoreKind.sqlite.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        let post = try await store.createPost(Fixtures.post(by: author, title: "Hello"))
        #expect(try await store.post(id: post.id)?.author.id == author.id)
        try await corrupt(store, """
            PRAGMA defer_foreign_keys = ON;
            UPDATE users SET id = 'not-a-uuid' WHERE id = '\(author.id.uuidString)';
            UPDATE posts SET author_id = 'not-a-uuid';
            """)
        await #expect(throws: StoreError.self) { _ = try await store.post(id: post.id) }
    }
}
