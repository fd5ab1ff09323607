import Crypto
import Foundation
import SatchelShared
import SatchelStores

/// Stores bytes already in memory (an upload's original, a variant) as a blob of an account, through the
/// same stage-and-commit steps as the blob API.
struct MediaBlobWriter {
    let blobs: any BlobStore
    let clock: @Sendable () -> Date

    /// Stores `bytes` as `owner`'s blob of `mediaType`; returns its digest. A blob the account holds already
    /// is touched instead (which keeps it from the garbage sweep for the grace period).
    func store(_ bytes: [UInt8], owner: UUID, mediaType: String) async throws -> BlobDigest {
        let digest = BlobDigest(sha256: SHA256.hash(data: bytes))
        let missing = try await blobs.missingBlobs(userId: owner, digests: [digest], touchedAt: clock())
        guard !missing.isEmpty else { return digest }
        let stage = BlobStage(
            id: UploadSessionId.make(), userId: owner, digest: digest, size: Int64(bytes.count), mediaType: mediaType,
            writtenAt: clock())
        try await blobs.createStage(stage)
        do {
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + BlobStageRules.chunkBytes, bytes.count)
                try await blobs.appendToStage(userId: owner, id: stage.id, offset: Int64(offset), bytes: Array(bytes[offset..<end]))
                offset = end
            }
            try await blobs.flushStage(userId: owner, id: stage.id, now: clock())
            _ = try await blobs.commitStage(userId: owner, id: stage.id, now: clock())
        } catch {
            try? await blobs.deleteStage(userId: owner, id: stage.id)
            throw error
        }
        return digest
    }

    /// The bytes of `owner`'s blob `digest`, read whole (an original, to make its variants).
    func read(_ digest: BlobDigest, owner: UUID, size: Int64) async throws -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(size))
        let found = try await blobs.readBlob(userId: owner, digest: digest, range: 0..<size) { chunk in bytes += chunk }
        return found ? bytes : nil
    }
}
