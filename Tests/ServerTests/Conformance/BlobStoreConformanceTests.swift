import Foundation
import SatchelShared
import SatchelSync
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// The contract of ``BlobStore``, run against every implementation.
@Suite("BlobStore conformance")
struct BlobStoreConformanceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a committed blob reads back whole and by range, across chunk boundaries", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let bytes = BlobFixtures.bytes(2_500_000)
        let blob = try await BlobFixtures.store(bytes, user: user, in: store, piece: 700_001, at: now)
        #expect(blob.size == Int64(bytes.count))
        #expect(blob.mediaType == "application/pdf")
        #expect(try await store.blob(userId: user, digest: blob.digest) == blob)
        #expect(try await BlobFixtures.read(store, user: user, digest: blob.digest, range: 0..<blob.size) == bytes)
        for range in [0..<1, 699_999..<700_003, 1_048_570..<2_100_000, 2_499_999..<2_500_000] as [Range<Int64>] {
            let part = try await BlobFixtures.read(store, user: user, digest: blob.digest, range: range)
            #expect(part == Array(bytes[Int(range.lowerBound)..<Int(range.upperBound)]), "\(range)")
        }
        #expect(try await store.blobUsage(userId: user) == BlobStorageUsage(bytes: Int64(bytes.count), count: 1))
    }

    @Test("reads hand over bounded chunks, never the whole blob at once", arguments: StoreKind.allCases)
    func chunkedReads(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let bytes = BlobFixtures.bytes(3 << 20)
        let blob = try await BlobFixtures.store(bytes, user: user, in: store, at: now)
        let sink = ByteSink()
        var largest = 0
        _ = try await store.readBlob(userId: user, digest: blob.digest, range: 0..<blob.size) { chunk in
            sink.chunks += 1
            largest = max(largest, chunk.count)
        }
        #expect(sink.chunks >= 3)
        #expect(largest <= BlobStageRules.chunkBytes)
    }

    @Test("another account's blob and stage are exactly as absent as none", arguments: StoreKind.allCases)
    func isolation(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let alice = UUID(), bob = UUID()
        let bytes = BlobFixtures.bytes(1000)
        let blob = try await BlobFixtures.store(bytes, user: alice, in: store, at: now)
        #expect(try await store.blob(userId: bob, digest: blob.digest) == nil)
        #expect(try await BlobFixtures.read(store, user: bob, digest: blob.digest, range: 0..<10) == nil)
        #expect(try await store.missingBlobs(userId: bob, digests: [blob.digest], touchedAt: now) == [blob.digest])
        #expect(try await store.blobUsage(userId: bob) == BlobStorageUsage(bytes: 0, count: 0))
        let stage = BlobStage(id: UploadSessionId.make(), userId: alice, digest: blob.digest, size: 10, mediaType: "a/b", writtenAt: now)
        try await store.createStage(stage)
        #expect(try await store.stage(userId: bob, id: stage.id) == nil)
        await #expect(throws: BlobStoreError.noSuchStage) {
            try await store.appendToStage(userId: bob, id: stage.id, offset: 0, bytes: [1])
        }
        try await store.deleteStage(userId: bob, id: stage.id)
        #expect(try await store.stage(userId: alice, id: stage.id) != nil, "bob's delete touches nothing of alice's")
    }

    @Test("missing lists what the account lacks, in order, and touches what it holds", arguments: StoreKind.allCases)
    func missing(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let held = try await BlobFixtures.store(BlobFixtures.bytes(10), user: user, in: store, at: now)
        let absent = [BlobFixtures.digest([1, 2, 3]), BlobFixtures.digest([4])]
        #expect(try await store.missingBlobs(userId: user, digests: [absent[0], held.digest, absent[1]], touchedAt: now) == absent)
        #expect(try await store.missingBlobs(userId: user, digests: [], touchedAt: now) == [])
    }

    @Test("appends must start where the stage ends; flushed bytes count as usage", arguments: StoreKind.allCases)
    func stageOffsets(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let bytes = BlobFixtures.bytes(100)
        let stage = BlobStage(
            id: UploadSessionId.make(), userId: user, digest: BlobFixtures.digest(bytes), size: 100, mediaType: "image/png",
            writtenAt: now)
        try await store.createStage(stage)
        try await store.appendToStage(userId: user, id: stage.id, offset: 0, bytes: Array(bytes[0..<40]))
        #expect(try await store.flushStage(userId: user, id: stage.id, now: now) == 40)
        #expect(try await store.stage(userId: user, id: stage.id)?.offset == 40)
        #expect(try await store.blobUsage(userId: user).bytes == 40)
        await #expect(throws: BlobStoreError.offsetMismatch(current: 40)) {
            try await store.appendToStage(userId: user, id: stage.id, offset: 50, bytes: [1])
        }
        try await store.appendToStage(userId: user, id: stage.id, offset: 40, bytes: Array(bytes[40...]))
        try await store.flushStage(userId: user, id: stage.id, now: now)
        let sink = ByteSink()
        try await store.readStage(userId: user, id: stage.id) { sink.bytes += $0 }
        #expect(sink.bytes == bytes)
        let (blob, created) = try await store.commitStage(userId: user, id: stage.id, now: now)
        #expect(created && blob.size == 100 && blob.mediaType == "image/png")
        #expect(try await store.stage(userId: user, id: stage.id) == nil)
        #expect(try await store.blobUsage(userId: user) == BlobStorageUsage(bytes: 100, count: 1))
    }

    @Test("committing a digest the account holds keeps the first blob and drops the stage", arguments: StoreKind.allCases)
    func commitTwice(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let bytes = BlobFixtures.bytes(64)
        let first = try await BlobFixtures.store(bytes, user: user, in: store, at: now)
        let stage = BlobStage(id: UploadSessionId.make(), userId: user, digest: first.digest, size: 64, mediaType: "text/plain", writtenAt: now)
        try await store.createStage(stage)
        try await store.appendToStage(userId: user, id: stage.id, offset: 0, bytes: bytes)
        try await store.flushStage(userId: user, id: stage.id, now: now)
        let (blob, created) = try await store.commitStage(userId: user, id: stage.id, now: now.addingTimeInterval(5))
        #expect(!created && blob == first)
        #expect(try await store.blobUsage(userId: user) == BlobStorageUsage(bytes: 64, count: 1))
        #expect(try await BlobFixtures.read(store, user: user, digest: first.digest, range: 0..<64) == bytes)
    }

    @Test("a deleted stage leaves nothing: no usage, no bytes", arguments: StoreKind.allCases)
    func deleteStage(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let stage = BlobStage(id: UploadSessionId.make(), userId: user, digest: BlobFixtures.digest([9]), size: nil, mediaType: "a/b", writtenAt: now)
        try await store.createStage(stage)
        try await store.appendToStage(userId: user, id: stage.id, offset: 0, bytes: BlobFixtures.bytes(5000))
        try await store.flushStage(userId: user, id: stage.id, now: now)
        try await store.deleteStage(userId: user, id: stage.id)
        #expect(try await store.stage(userId: user, id: stage.id) == nil)
        #expect(try await store.blobUsage(userId: user) == BlobStorageUsage(bytes: 0, count: 0))
    }

    @Test("the sweep keeps referenced blobs, marks the rest, deletes them after the grace; a shared blob stays while one record remains",
          arguments: StoreKind.allCases)
    func garbage(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let grace: TimeInterval = 3_600
        let shared = try await BlobFixtures.store(BlobFixtures.bytes(10, seed: 1), user: user, in: store, at: now)
        let lonely = try await BlobFixtures.store(BlobFixtures.bytes(10, seed: 2), user: user, in: store, at: now)
        let (first, second) = (UUID(), UUID())
        let applier = SyncApplier(clientId: "c", now: now)
        _ = try await store.applyPush(userId: user, batch: [
            PreparedMutation(mutation: BlobFixtures.article(first, attaching: [shared.digest]), comment: nil),
            PreparedMutation(mutation: BlobFixtures.article(second, attaching: [shared.digest, lonely.digest]), comment: nil),
        ], applier: applier)
        #expect(try await store.collectBlobGarbage(now: now, grace: grace) == BlobGarbageReport())
        try await delete(second, version: 2, user: user, store: store, at: now)
        var later = now.addingTimeInterval(60)
        #expect(try await store.collectBlobGarbage(now: later, grace: grace) == BlobGarbageReport(marked: 1))
        later.addTimeInterval(grace + 1)
        #expect(try await store.collectBlobGarbage(now: later, grace: grace) == BlobGarbageReport(deletedBlobs: 1))
        #expect(try await store.blob(userId: user, digest: lonely.digest) == nil)
        #expect(try await store.blob(userId: user, digest: shared.digest) != nil, "the first record still references it")
        try await delete(first, version: 1, user: user, store: store, at: later)
        #expect(try await store.collectBlobGarbage(now: later, grace: grace).marked == 1)
        #expect(try await store.collectBlobGarbage(now: later.addingTimeInterval(grace + 1), grace: grace).deletedBlobs == 1)
        #expect(try await store.blobUsage(userId: user) == BlobStorageUsage(bytes: 0, count: 0))
    }

    @Test("a blob asked about is kept for the grace from the question; a referenced one is unmarked",
          arguments: StoreKind.allCases)
    func touchedAndUnmarked(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let grace: TimeInterval = 3_600
        let blob = try await BlobFixtures.store(BlobFixtures.bytes(10), user: user, in: store, at: now)
        #expect(try await store.collectBlobGarbage(now: now, grace: grace).marked == 1)
        let asked = now.addingTimeInterval(grace - 10)
        #expect(try await store.missingBlobs(userId: user, digests: [blob.digest], touchedAt: asked) == [])
        #expect(try await store.collectBlobGarbage(now: now.addingTimeInterval(grace + 1), grace: grace).deletedBlobs == 0)
        let applier = SyncApplier(clientId: "c", now: asked)
        _ = try await store.applyPush(userId: user, batch: [
            PreparedMutation(mutation: BlobFixtures.article(attaching: [blob.digest]), comment: nil),
        ], applier: applier)
        #expect(try await store.collectBlobGarbage(now: now.addingTimeInterval(3 * grace), grace: grace).unmarked == 1)
        #expect(try await store.blob(userId: user, digest: blob.digest) != nil)
    }

    @Test("stages not written for a day are swept with their bytes", arguments: StoreKind.allCases)
    func staleStages(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let old = BlobStage(id: UploadSessionId.make(), userId: user, digest: BlobFixtures.digest([1]), size: 9, mediaType: "a/b", writtenAt: now)
        try await store.createStage(old)
        try await store.appendToStage(userId: user, id: old.id, offset: 0, bytes: [1, 2, 3])
        try await store.flushStage(userId: user, id: old.id, now: now)
        let fresh = BlobStage(
            id: UploadSessionId.make(), userId: user, digest: BlobFixtures.digest([2]), size: 9, mediaType: "a/b",
            writtenAt: now.addingTimeInterval(BlobStageRules.staleAfter))
        try await store.createStage(fresh)
        let report = try await store.collectBlobGarbage(now: now.addingTimeInterval(BlobStageRules.staleAfter + 1), grace: 60)
        #expect(report.deletedStages == 1)
        #expect(try await store.stage(userId: user, id: old.id) == nil)
        #expect(try await store.stage(userId: user, id: fresh.id) != nil)
        #expect(try await store.blobUsage(userId: user).bytes == 0)
    }

    private func delete(_ record: UUID, version: Int, user: UUID, store: any ServerStore, at date: Date) async throws {
        let delete = Mutation(
            entity: .savedArticle, recordId: record, op: .delete, baseVersion: version,
            hlc: HLCTimestamp(wallMillis: Int64(date.timeIntervalSince1970 * 1000) + 1, counter: 0, node: "t"))
        let results = try await store.applyPush(
            userId: user, batch: [PreparedMutation(mutation: delete, comment: nil)], applier: SyncApplier(clientId: "c", now: date))
        #expect(results.first?.status == .applied)
    }
}
