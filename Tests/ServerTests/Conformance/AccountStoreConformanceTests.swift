import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// The contract of ``AccountStore``, run against every implementation.
@Suite("AccountStore conformance")
struct AccountStoreConformanceTests {
    @Test("the first user becomes admin, later ones keep their role", arguments: StoreKind.allCases)
    func firstUserIsAdmin(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let first = try await store.createUser(Fixtures.user("first"))
        let second = try await store.createUser(Fixtures.user("second"))
        #expect(first.role == .admin)
        #expect(second.role == .reader)
    }

    @Test("usernames are unique regardless of case", arguments: StoreKind.allCases)
    func duplicateUsername(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        _ = try await store.createUser(Fixtures.user("alice"))
        await #expect(throws: StoreError.duplicate(field: "username")) {
            _ = try await store.createUser(Fixtures.user("ALICE"))
        }
    }

    @Test("users are found by id and by username", arguments: StoreKind.allCases)
    func lookups(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let created = try await store.createUser(Fixtures.user("bob"))
        let byId = try await store.user(id: created.id)
        let byName = try await store.user(username: "Bob")
        #expect(byId?.user == created)
        #expect(byName?.user == created)
        #expect(byId?.passwordHash == "not-a-real-hash")
        #expect(try await store.user(id: UUID()) == nil)
        #expect(try await store.user(username: "nobody") == nil)
    }

    @Test("roles change, and changing a missing user's role yields nil", arguments: StoreKind.allCases)
    func roles(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        _ = try await store.createUser(Fixtures.user("root"))
        let reader = try await store.createUser(Fixtures.user("carol"))
        let promoted = try await store.setRole(.author, forUser: reader.id)
        #expect(promoted?.role == .author)
        #expect(try await store.user(id: reader.id)?.user.role == .author)
        #expect(try await store.setRole(.admin, forUser: UUID()) == nil)
    }

    @Test("tokens resolve to their user until they expire or are deleted", arguments: StoreKind.allCases)
    func tokens(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = try await store.createUser(Fixtures.user("dave"))
        let now = Fixtures.epoch
        try await store.insertToken(hash: "h1", userId: user.id, createdAt: now, expiresAt: now.addingTimeInterval(60))
        #expect(try await store.user(forTokenHash: "h1", now: now)?.id == user.id)
        #expect(try await store.user(forTokenHash: "h1", now: now.addingTimeInterval(61)) == nil)
        #expect(try await store.user(forTokenHash: "other", now: now) == nil)
        #expect(try await store.deleteToken(hash: "h1"))
        #expect(try await store.user(forTokenHash: "h1", now: now) == nil)
        #expect(try await store.deleteToken(hash: "h1") == false)
    }
}
