import Foundation
import SatchelShared
import SatchelStores

extension MeasuredStore: BlobStore {
    func missingBlobs(userId: UUID, digests: [BlobDigest], touchedAt: Date) async throws -> [BlobDigest] {
        try await measure("missingBlobs") { try await base.missingBlobs(userId: userId, digests: digests, touchedAt: touchedAt) }
    }
    func blob(userId: UUID, digest: BlobDigest) async throws -> StoredBlob? {
        try await measure("blob") { try await base.blob(userId: userId, digest: digest) }
    }
    func blobUsage(userId: UUID) async throws -> BlobStorageUsage {
        try await measure("blobUsage") { try await base.blobUsage(userId: userId) }
    }
    /// Not timed as one operation: a download lasts as long as its client reads.
    func readBlob(
        userId: UUID, digest: BlobDigest, range: Range<Int64>, consume: ([UInt8]) async throws -> Void
    ) async throws -> Bool {
        try await base.readBlob(userId: userId, digest: digest, range: range, consume: consume)
    }
    func createStage(_ stage: BlobStage) async throws {
        try await measure("createStage") { try await base.createStage(stage) }
    }
    func stage(userId: UUID, id: String) async throws -> BlobStage? {
        try await measure("stage") { try await base.stage(userId: userId, id: id) }
    }
    func appendToStage(userId: UUID, id: String, offset: Int64, bytes: [UInt8]) async throws {
        try await measure("appendToStage") { try await base.appendToStage(userId: userId, id: id, offset: offset, bytes: bytes) }
    }
    func flushStage(userId: UUID, id: String, now: Date) async throws -> Int64 {
        try await measure("flushStage") { try await base.flushStage(userId: userId, id: id, now: now) }
    }
    func readStage(userId: UUID, id: String, consume: ([UInt8]) async throws -> Void) async throws {
        try await base.readStage(userId: userId, id: id, consume: consume)
    }
    func commitStage(userId: UUID, id: String, now: Date) async throws -> (blob: StoredBlob, created: Bool) {
        try await measure("commitStage") { try await base.commitStage(userId: userId, id: id, now: now) }
    }
    func deleteStage(userId: UUID, id: String) async throws {
        try await measure("deleteStage") { try await base.deleteStage(userId: userId, id: id) }
    }
    func collectBlobGarbage(now: Date, grace: TimeInterval) async throws -> BlobGarbageReport {
        try await measure("collectBlobGarbage") { try await base.collectBlobGarbage(now: now, grace: grace) }
    }
}
