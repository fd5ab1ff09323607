import Foundation
import Synchronization
import SatchelStores
import Testing
@testable import SatchelServer

/// Version reads shared between concurrent requests: fewer round trips, and never a read that started
/// before a request arrived (a write acknowledged before it would be missed).
@Suite("Coalesced version reads")
struct CoalescedVersionReadsTests {
    /// A store whose reads take `delay`, answer the number of writes made before the read started, and are
    /// counted; a read can be made to fail.
    final class SlowVersions: VersionStore, Sendable {
        let writes = Mutex(0)
        let reads = Mutex(0)
        let failNext = Mutex(false)
        let delay: Duration

        init(delay: Duration) { self.delay = delay }

        func versions() async throws -> StoreVersions {
            let seen = writes.withLock { $0 }
            reads.withLock { $0 += 1 }
            try await Task.sleep(for: delay)
            if failNext.withLock({ let fail = $0; $0 = false; return fail }) { throw StoreError.unavailable("versions") }
            return StoreVersions(epoch: 1, content: Int64(seen), auth: 0)
        }

        var versionReadIsRoundTrip: Bool { true }
    }

    @Test("200 requests at once share a few reads instead of making 200")
    func shared() async throws {
        let base = SlowVersions(delay: .milliseconds(20))
        let coalesced = CoalescedVersionReads(base)
        try await withThrowingTaskGroup(of: StoreVersions.self) { group in
            for _ in 0..<200 { group.addTask { try await coalesced.versions() } }
            for try await versions in group { #expect(versions.content == 0) }
        }
        let reads = base.reads.withLock { $0 }
        #expect(reads >= 1 && reads <= 10, "\(reads) reads")
    }

    @Test("a request that arrives while a read is in flight waits for the next read: it sees every earlier write")
    func neverAnOlderRead() async throws {
        let base = SlowVersions(delay: .milliseconds(50))
        let coalesced = CoalescedVersionReads(base)
        let first = Task { try await coalesced.versions() }
        while base.reads.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(1)) }
        // The first read is in flight and saw no write; a write is acknowledged, then a request arrives.
        base.writes.withLock { $0 += 1 }
        let second = try await coalesced.versions()
        #expect(try await first.value.content == 0)
        #expect(second.content == 1, "the second request's read started after the write")
        #expect(base.reads.withLock { $0 } == 2)
    }

    @Test("a failed read fails the requests that shared it; the next request reads again")
    func failure() async throws {
        let base = SlowVersions(delay: .milliseconds(5))
        let coalesced = CoalescedVersionReads(base)
        base.failNext.withLock { $0 = true }
        await #expect(throws: StoreError.self) { try await coalesced.versions() }
        base.writes.withLock { $0 += 1 }
        #expect(try await coalesced.versions().content == 1)
    }
}
