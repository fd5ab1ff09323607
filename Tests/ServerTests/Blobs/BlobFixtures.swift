import Foundation
import SatchelShared
import SatchelSync
@testable import SatchelServer
@testable import SatchelStores

/// Blob bytes, digests and records that reference them, for the blob tests.
enum BlobFixtures {
    /// `count` bytes of a pattern that differs per `seed`.
    static func bytes(_ count: Int, seed: UInt8 = 1) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &* 7 &+ ($0 >> 12)) }
    }

    /// The digest of `bytes`.
    static func digest(_ bytes: [UInt8]) -> BlobDigest { BlobDigest.of(bytes) }

    /// A saved article's create mutation attaching `digests`.
    static func article(_ recordId: UUID = UUID(), attaching digests: [BlobDigest], id: UUID = UUID()) -> Mutation {
        Mutation(
            id: id, entity: .savedArticle, recordId: recordId, op: .create,
            hlc: HLCTimestamp(wallMillis: Int64(Date().timeIntervalSince1970 * 1000), counter: 0, node: "t"),
            fields: [
                "url": FieldChange(base: nil, value: .string("https://x.test/\(recordId)")),
                "attachments": FieldChange(base: nil, value: .array(digests.map { attachment($0).json })),
            ])
    }

    /// An attachment object for `digest`.
    static func attachment(_ digest: BlobDigest) -> Attachment {
        Attachment(digest: digest, size: 1, mediaType: "application/pdf", name: "paper.pdf")
    }

    /// Stages `bytes` for `user` in appends of `piece` bytes and commits them.
    @discardableResult
    static func store(
        _ bytes: [UInt8], user: UUID, in store: any BlobStore, piece: Int = 1 << 20, at now: Date = Date(),
        mediaType: String = "application/pdf"
    ) async throws -> StoredBlob {
        let stage = BlobStage(
            id: UploadSessionId.make(), userId: user, digest: digest(bytes), size: Int64(bytes.count),
            mediaType: mediaType, writtenAt: now)
        try await store.createStage(stage)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + piece)
            try await store.appendToStage(userId: user, id: stage.id, offset: Int64(offset), bytes: Array(bytes[offset..<end]))
            offset = end
        }
        try await store.flushStage(userId: user, id: stage.id, now: now)
        return try await store.commitStage(userId: user, id: stage.id, now: now).blob
    }

    /// Reads `range` of a blob into one array (tests only: blobs here are small).
    static func read(_ store: any BlobStore, user: UUID, digest: BlobDigest, range: Range<Int64>) async throws -> [UInt8]? {
        let sink = ByteSink()
        let found = try await store.readBlob(userId: user, digest: digest, range: range) { sink.bytes += $0 }
        return found ? sink.bytes : nil
    }
}

/// Collects streamed chunks.
final class ByteSink: @unchecked Sendable {
    var bytes: [UInt8] = []
    var chunks = 0
}
