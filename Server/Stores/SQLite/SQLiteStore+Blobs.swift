import Foundation
import GRDB
import SatchelShared

extension SQLiteStore: BlobStore {
    public func missingBlobs(userId: UUID, digests: [BlobDigest], touchedAt: Date) async throws -> [BlobDigest] {
        guard !digests.isEmpty else { return [] }
        return try await write { db in
            let held = try Set(String.fetchAll(
                db, sql: "SELECT digest FROM blobs WHERE user_id = ? AND digest IN (\(Self.marks(digests.count)))",
                arguments: StatementArguments([userId.text] + digests.map(\.text))))
            if !held.isEmpty {
                try db.execute(
                    sql: "UPDATE blobs SET touched_at = ? WHERE user_id = ? AND digest IN (\(Self.marks(held.count)))",
                    arguments: StatementArguments([touchedAt.millis, userId.text] + held.map { $0 as any DatabaseValueConvertible }))
            }
            return digests.filter { !held.contains($0.text) }
        }
    }

    public func blob(userId: UUID, digest: BlobDigest) async throws -> StoredBlob? {
        try await read { db in try Self.blob(db, user: userId.text, digest: digest) }
    }

    public func blobUsage(userId: UUID) async throws -> BlobStorageUsage {
        try await read { db in
            let user = userId.text
            let stored = try Row.fetchOne(
                db, sql: "SELECT COALESCE(SUM(size), 0), COUNT(*) FROM blobs WHERE user_id = ?", arguments: [user])
            let staged = try Int64.fetchOne(
                db, sql: "SELECT COALESCE(SUM(staged_bytes), 0) FROM blob_stages WHERE user_id = ?", arguments: [user]) ?? 0
            return BlobStorageUsage(bytes: (stored?[0] ?? 0) + staged, count: stored?[1] ?? 0)
        }
    }

    public func readBlob(
        userId: UUID, digest: BlobDigest, range: Range<Int64>, consume: ([UInt8]) async throws -> Void
    ) async throws -> Bool {
        // The file is the blob: a committed blob's file is moved into place in the transaction that adds its
        // row, and deleted in the one that removes it, so a missing file is an absent blob (no row read here:
        // callers have read the row already, and each read is a hop to the database's queue and back).
        let path = blobFiles.blobPath(user: userId.text, digest: digest.hex)
        guard access(path, F_OK) == 0 else { return false }
        try await files { try await blobFiles.read(path: path, range: range, consume: consume) }
        return true
    }

    public func createStage(_ stage: BlobStage) async throws {
        guard let path = blobFiles.stagePath(user: stage.userId.text, id: stage.id) else { throw BlobStoreError.noSuchStage }
        // The file exists from the start, so an empty blob is a file like any other.
        _ = try await files { try blobFiles.sync(path: path) }
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO blob_stages (user_id, id, digest, size, media_type, staged_bytes, written_at)
                    VALUES (?, ?, ?, ?, ?, 0, ?)
                    """,
                arguments: [stage.userId.text, stage.id, stage.digest.text, stage.size, stage.mediaType, stage.writtenAt.millis])
        }
    }

    public func stage(userId: UUID, id: String) async throws -> BlobStage? {
        try await read { db in try Self.stage(db, user: userId, id: id) }
    }

    public func appendToStage(userId: UUID, id: String, offset: Int64, bytes: [UInt8]) async throws {
        guard let path = blobFiles.stagePath(user: userId.text, id: id),
              try await stage(userId: userId, id: id) != nil
        else { throw BlobStoreError.noSuchStage }
        try await files { try blobFiles.write(bytes, at: offset, path: path) }
    }

    public func flushStage(userId: UUID, id: String, now: Date) async throws -> Int64 {
        guard let path = blobFiles.stagePath(user: userId.text, id: id) else { throw BlobStoreError.noSuchStage }
        let size = try await files { try blobFiles.sync(path: path) }
        return try await write { db in
            try db.execute(
                sql: "UPDATE blob_stages SET staged_bytes = ?, written_at = ? WHERE user_id = ? AND id = ?",
                arguments: [size, now.millis, userId.text, id])
            guard db.changesCount == 1 else { throw BlobStoreError.noSuchStage }
            return size
        }
    }

    public func readStage(userId: UUID, id: String, consume: ([UInt8]) async throws -> Void) async throws {
        guard let path = blobFiles.stagePath(user: userId.text, id: id),
              let stage = try await stage(userId: userId, id: id)
        else { throw BlobStoreError.noSuchStage }
        try await files { try await blobFiles.read(path: path, range: 0..<stage.offset, consume: consume) }
    }

    public func commitStage(userId: UUID, id: String, now: Date) async throws -> (blob: StoredBlob, created: Bool) {
        guard let path = blobFiles.stagePath(user: userId.text, id: id) else { throw BlobStoreError.noSuchStage }
        let files = blobFiles
        // File moves happen inside the write transaction, so they are ordered with the sweep's deletes.
        return try await write { db in
            let user = userId.text
            guard let stage = try Self.stage(db, user: userId, id: id) else { throw BlobStoreError.noSuchStage }
            try db.execute(sql: "DELETE FROM blob_stages WHERE user_id = ? AND id = ?", arguments: [user, id])
            if let existing = try Self.blob(db, user: user, digest: stage.digest) {
                files.remove(path: path)
                return (existing, false)
            }
            let blob = StoredBlob(digest: stage.digest, size: stage.offset, mediaType: stage.mediaType, createdAt: now)
            try db.execute(
                sql: """
                    INSERT INTO blobs (user_id, digest, size, media_type, created_at, touched_at, unreferenced_since)
                    VALUES (?, ?, ?, ?, ?, ?, NULL)
                    """,
                arguments: [user, blob.digest.text, blob.size, blob.mediaType, now.millis, now.millis])
            try files.install(stage: path, as: files.blobPath(user: user, digest: blob.digest.hex))
            return (blob, true)
        }
    }

    public func deleteStage(userId: UUID, id: String) async throws {
        guard let path = blobFiles.stagePath(user: userId.text, id: id) else { return }
        let files = blobFiles
        try await write { db in
            try db.execute(sql: "DELETE FROM blob_stages WHERE user_id = ? AND id = ?", arguments: [userId.text, id])
            files.remove(path: path)
        }
    }

    static func blob(_ db: Database, user: String, digest: BlobDigest) throws -> StoredBlob? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT size, media_type, created_at FROM blobs WHERE user_id = ? AND digest = ?"),
            arguments: [user, digest.text]
        ).map { row in StoredBlob(digest: digest, size: row[0], mediaType: row[1], createdAt: Date(millis: row[2])) }
    }

    static func stage(_ db: Database, user: UUID, id: String) throws -> BlobStage? {
        try Row.fetchOne(
            db, sql: "SELECT digest, size, media_type, staged_bytes, written_at FROM blob_stages WHERE user_id = ? AND id = ?",
            arguments: [user.text, id]
        ).map { row in
            guard let digest = BlobDigest(row[0]) else { throw StoreError.corrupt("blob stage digest") }
            return BlobStage(
                id: id, userId: user, digest: digest, size: row[1], mediaType: row[2], offset: row[3],
                writtenAt: Date(millis: row[4]))
        }
    }

    /// `count` SQL parameter marks separated by commas.
    static func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ",") }

    /// Runs file work, turning its failures into ``StoreError/unavailable(_:)`` (the errno is logged).
    func files<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as BlobFileError {
            logger.error("Blob file failure", metadata: ["error": "\(error)"])
            throw StoreError.unavailable("blob files")
        }
    }
}
