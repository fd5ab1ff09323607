import Foundation
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// The contract of ``IdempotencyStore``, run against every implementation.
@Suite("IdempotencyStore conformance")
struct IdempotencyStoreConformanceTests {
    let response = StoredResponse(status: 201, headers: ["Location": "/x"], body: Data("{}".utf8))

    @Test("a key is claimed once, then replays its response", arguments: StoreKind.allCases)
    func lifecycle(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let now = Date()
        #expect(try await store.claim(scope: "s", key: "k", fingerprint: "f", now: now) == .claimed)
        #expect(try await store.claim(scope: "s", key: "k", fingerprint: "f", now: now) == .inProgress)
        try await store.complete(scope: "s", key: "k", response: response)
        #expect(try await store.claim(scope: "s", key: "k", fingerprint: "f", now: now) == .completed(response))
        #expect(try await store.claim(scope: "s", key: "k", fingerprint: "other", now: now) == .mismatch)
    }

    @Test("scopes are separate and a released key can be claimed again", arguments: StoreKind.allCases)
    func scopesAndRelease(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let now = Date()
        #expect(try await store.claim(scope: "a", key: "k", fingerprint: "f", now: now) == .claimed)
        #expect(try await store.claim(scope: "b", key: "k", fingerprint: "f", now: now) == .claimed)
        try await store.release(scope: "a", key: "k")
        #expect(try await store.claim(scope: "a", key: "k", fingerprint: "g", now: now) == .claimed)
        try await store.complete(scope: "b", key: "k", response: response)
        try await store.release(scope: "b", key: "k")
        #expect(try await store.claim(scope: "b", key: "k", fingerprint: "f", now: now) == .completed(response),
                "a completed key is never released")
    }
}
