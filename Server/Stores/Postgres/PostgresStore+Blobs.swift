import Foundation
import NIOCore
import PostgresNIO
import SatchelShared

extension PostgresStore: BlobStore {
    public func missingBlobs(userId: UUID, digests: [BlobDigest], touchedAt: Date) async throws -> [BlobDigest] {
        guard !digests.isEmpty else { return [] }
        let texts = digests.map(\.text)
        let rows = try await rows("""
            UPDATE blobs SET touched_at = GREATEST(touched_at, \(touchedAt.millis))
            WHERE user_id = \(userId) AND digest = ANY(\(texts)) RETURNING digest
            """)
        var held: Set<String> = []
        for row in rows { held.insert(try row.decode(String.self)) }
        return digests.filter { !held.contains($0.text) }
    }

    public func blob(userId: UUID, digest: BlobDigest) async throws -> StoredBlob? {
        try await located(userId: userId, digest: digest)?.blob
    }

    public func blobUsage(userId: UUID) async throws -> BlobStorageUsage {
        let rows = try await rows("""
            SELECT (SELECT COALESCE(SUM(size), 0)::bigint FROM blobs WHERE user_id = \(userId)),
                   (SELECT COUNT(*)::bigint FROM blobs WHERE user_id = \(userId)),
                   (SELECT COALESCE(SUM(staged_bytes), 0)::bigint FROM blob_stages WHERE user_id = \(userId))
            """)
        guard let row = rows.first else { return BlobStorageUsage(bytes: 0, count: 0) }
        let (stored, count, staged) = try row.decode((Int64, Int64, Int64).self)
        return BlobStorageUsage(bytes: stored + staged, count: Int(count))
    }

    public func readBlob(
        userId: UUID, digest: BlobDigest, range: Range<Int64>, consume: ([UInt8]) async throws -> Void
    ) async throws -> Bool {
        guard let (_, object) = try await located(userId: userId, digest: digest) else { return false }
        try await readChunks(object: object, range: range, consume: consume)
        return true
    }

    public func createStage(_ stage: BlobStage) async throws {
        try await rows("""
            INSERT INTO blob_stages (user_id, id, digest, size, media_type, staged_bytes, written_at)
            VALUES (\(stage.userId), \(stage.id), \(stage.digest.text), \(stage.size), \(stage.mediaType), 0,
                    \(stage.writtenAt.millis))
            """)
    }

    public func stage(userId: UUID, id: String) async throws -> BlobStage? {
        let rows = try await rows("""
            SELECT digest, size, media_type, staged_bytes, written_at FROM blob_stages
            WHERE user_id = \(userId) AND id = \(id)
            """)
        guard let row = rows.first else { return nil }
        let (digestText, size, mediaType, offset, writtenAt) = try row.decode((String, Int64?, String, Int64, Int64).self)
        guard let digest = BlobDigest(digestText) else { throw StoreError.corrupt("blob stage digest") }
        return BlobStage(
            id: id, userId: userId, digest: digest, size: size, mediaType: mediaType, offset: offset,
            writtenAt: Date(millis: writtenAt))
    }

    /// One transaction: moves the stage's offset on only from `offset` (so concurrent appends from any
    /// process cannot both land) and stores the chunk. Committed, it is durable.
    public func appendToStage(userId: UUID, id: String, offset: Int64, bytes: [UInt8]) async throws {
        let object = Self.objectId(userId: userId, stage: id)
        let count = Int64(bytes.count)
        try await transaction { connection in
            let moved = try await connection.query("""
                UPDATE blob_stages SET staged_bytes = staged_bytes + \(count)
                WHERE user_id = \(userId) AND id = \(id) AND staged_bytes = \(offset) RETURNING 1
                """, logger: logger).collect()
            guard moved.isEmpty else {
                try await connection.query("""
                    INSERT INTO blob_chunks (object_id, start, length, bytes)
                    VALUES (\(object), \(offset), \(Int32(bytes.count)), \(ByteBuffer(bytes: bytes)))
                    """, logger: logger)
                return
            }
            let current = try await connection.query(
                "SELECT staged_bytes FROM blob_stages WHERE user_id = \(userId) AND id = \(id)", logger: logger).collect()
            guard let row = current.first else { throw BlobStoreError.noSuchStage }
            throw BlobStoreError.offsetMismatch(current: try row.decode(Int64.self))
        }
    }

    /// Appends are committed one by one, so this only records when the stage was written.
    public func flushStage(userId: UUID, id: String, now: Date) async throws -> Int64 {
        let rows = try await rows("""
            UPDATE blob_stages SET written_at = \(now.millis) WHERE user_id = \(userId) AND id = \(id)
            RETURNING staged_bytes
            """)
        guard let row = rows.first else { throw BlobStoreError.noSuchStage }
        return try row.decode(Int64.self)
    }

    public func readStage(userId: UUID, id: String, consume: ([UInt8]) async throws -> Void) async throws {
        guard let stage = try await stage(userId: userId, id: id) else { throw BlobStoreError.noSuchStage }
        try await readChunks(object: Self.objectId(userId: userId, stage: id), range: 0..<stage.offset, consume: consume)
    }

    public func commitStage(userId: UUID, id: String, now: Date) async throws -> (blob: StoredBlob, created: Bool) {
        let object = Self.objectId(userId: userId, stage: id)
        return try await transaction { connection in
            let staged = try await connection.query("""
                DELETE FROM blob_stages WHERE user_id = \(userId) AND id = \(id)
                RETURNING digest, staged_bytes, media_type
                """, logger: logger).collect()
            guard let row = staged.first else { throw BlobStoreError.noSuchStage }
            let (digestText, size, mediaType) = try row.decode((String, Int64, String).self)
            guard let digest = BlobDigest(digestText) else { throw StoreError.corrupt("blob stage digest") }
            let inserted = try await connection.query("""
                INSERT INTO blobs (user_id, digest, size, media_type, object_id, created_at, touched_at)
                VALUES (\(userId), \(digestText), \(size), \(mediaType), \(object), \(now.millis), \(now.millis))
                ON CONFLICT (user_id, digest) DO NOTHING RETURNING 1
                """, logger: logger).collect()
            if !inserted.isEmpty {
                return (StoredBlob(digest: digest, size: size, mediaType: mediaType, createdAt: now), true)
            }
            try await connection.query("DELETE FROM blob_chunks WHERE object_id = \(object)", logger: logger)
            let existing = try await connection.query("""
                SELECT size, media_type, created_at FROM blobs WHERE user_id = \(userId) AND digest = \(digestText)
                """, logger: logger).collect()
            guard let held = existing.first else { throw StoreError.unavailable("blob vanished") }
            let (heldSize, heldType, createdAt) = try held.decode((Int64, String, Int64).self)
            return (StoredBlob(digest: digest, size: heldSize, mediaType: heldType, createdAt: Date(millis: createdAt)), false)
        }
    }

    public func deleteStage(userId: UUID, id: String) async throws {
        let object = Self.objectId(userId: userId, stage: id)
        try await transaction { connection in
            let deleted = try await connection.query(
                "DELETE FROM blob_stages WHERE user_id = \(userId) AND id = \(id) RETURNING 1", logger: logger).collect()
            if !deleted.isEmpty {
                try await connection.query("DELETE FROM blob_chunks WHERE object_id = \(object)", logger: logger)
            }
        }
    }

    /// The chunks' object id of a stage, kept by the blob it becomes.
    static func objectId(userId: UUID, stage id: String) -> String { "\(userId.uuidString)/\(id)" }

    /// The blob and its chunks' object id: one index lookup keyed by account.
    private func located(userId: UUID, digest: BlobDigest) async throws -> (blob: StoredBlob, object: String)? {
        let rows = try await rows("""
            SELECT size, media_type, created_at, object_id FROM blobs WHERE user_id = \(userId) AND digest = \(digest.text)
            """)
        guard let row = rows.first else { return nil }
        let (size, mediaType, createdAt, object) = try row.decode((Int64, String, Int64, String).self)
        return (StoredBlob(digest: digest, size: size, mediaType: mediaType, createdAt: Date(millis: createdAt)), object)
    }

    /// Streams `range` of an object chunk by chunk: one query (and one pooled connection, briefly) per
    /// chunk, so a slow reader holds no connection and at most one chunk is in memory.
    func readChunks(object: String, range: Range<Int64>, consume: ([UInt8]) async throws -> Void) async throws {
        var position = range.lowerBound
        while position < range.upperBound {
            let rows = try await rows("""
                SELECT start, bytes FROM blob_chunks WHERE object_id = \(object) AND start <= \(position)
                ORDER BY start DESC LIMIT 1
                """)
            guard let row = rows.first else { throw StoreError.unavailable("blob chunk missing") }
            var (start, buffer) = try row.decode((Int64, ByteBuffer).self)
            let end = start + Int64(buffer.readableBytes)
            guard end > position else { throw StoreError.unavailable("blob chunk missing") }
            buffer.moveReaderIndex(forwardBy: Int(position - start))
            let take = Int(min(end, range.upperBound) - position)
            try await consume(buffer.readBytes(length: take) ?? [])
            position += Int64(take)
        }
    }
}
