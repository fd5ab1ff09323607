import Foundation
import SatchelShared
import Testing
@testable import SatchelClient

/// A server that is never reachable, counting attempts.
final class UnreachableServer: SyncServer, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var attempts: Int { lock.withLock { count } }

    func push(_ request: PushRequest) async throws -> PushResponse {
        lock.withLock { count += 1 }
        throw TransportError.network("connection refused")
    }

    func pull(cursor: String?, limit: Int, wait: Int) async throws -> PullResponse {
        lock.withLock { count += 1 }
        throw TransportError.network("connection refused")
    }
}

@Suite("Sync engine failures")
struct SyncEngineFailureTests {
    @Test("with the server down, sync retries with backoff, then fails and keeps the change pending")
    func serverDown() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-down-\(UUID()).sqlite").path
        let server = UnreachableServer()
        let waits = LockedBox<[TimeInterval]>([])
        let environment = ClientEnvironment(now: { Date() }, random: { 1 }, sleep: { seconds in waits.set(waits.value + [seconds]) })
        let store = try LocalStore(path: path, server: server, environment: environment)
        let article = try store.saveArticle(url: "https://example.com/offline")
        await #expect(throws: TransportError.network("connection refused")) { try await store.sync() }
        #expect(server.attempts == 5)
        #expect(waits.value == [0.5, 1, 2, 4], "exponential backoff between attempts")
        #expect(try store.article(article.id)?.state == .pending)
        #expect(try store.status().pendingChanges == 1)
    }
}
