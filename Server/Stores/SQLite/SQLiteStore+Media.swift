import Foundation
import GRDB
import SatchelShared

extension SQLiteStore: MediaStore {
    public func createMedia(_ media: Media) async throws -> Media {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO media (id, owner_id, digest, media_type, size, name, width, height, frames, alt, caption,
                        credit, variants_status, variants_failure, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    media.id.text, media.ownerId.text, media.digest.text, media.mediaType, media.size, media.name,
                    media.width, media.height, media.frames, media.alt, media.caption, media.credit,
                    media.variantsStatus.rawValue, media.variantsFailure, media.createdAt.millis, media.updatedAt.millis,
                ])
            return try Self.fetchMedia(db, where: "id = ?", [media.id.text]).first!
        }
    }

    public func media(id: UUID) async throws -> Media? {
        try await read { db in try Self.fetchMedia(db, where: "id = ?", [id.text]).first }
    }

    public func media(ids: [UUID]) async throws -> [Media] {
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            try Self.fetchMedia(db, where: "id IN (\(Self.marks(ids.count)))", ids.map(\.text))
        }
    }

    public func listMedia(ownerId: UUID, limit: Int, after: MediaListPosition?) async throws -> MediaPage {
        try await read { db in
            var condition = "owner_id = ?"
            var arguments: [any DatabaseValueConvertible] = [ownerId.text]
            if let after {
                condition += " AND (created_at < ? OR (created_at = ? AND id < ?))"
                arguments += [after.createdMillis, after.createdMillis, after.id.text]
            }
            let items = try Self.fetchMedia(
                db, where: condition, arguments, order: "created_at DESC, id DESC", limit: limit + 1)
            let page = Array(items.prefix(limit))
            let next = items.count > limit ? page.last.map { MediaListPosition(createdMillis: $0.createdAt.millis, id: $0.id) } : nil
            return MediaPage(items: page, next: next)
        }
    }

    public func updateMedia(_ media: Media) async throws -> Media? {
        try await write { db in
            try db.execute(
                sql: "UPDATE media SET alt = ?, caption = ?, credit = ?, updated_at = ? WHERE id = ?",
                arguments: [media.alt, media.caption, media.credit, media.updatedAt.millis, media.id.text])
            guard db.changesCount == 1 else { return nil }
            return try Self.fetchMedia(db, where: "id = ?", [media.id.text]).first
        }
    }

    public func deleteMedia(id: UUID) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM media_variants WHERE media_id = ?", arguments: [id.text])
            try db.execute(sql: "DELETE FROM media WHERE id = ?", arguments: [id.text])
            return db.changesCount == 1
        }
    }

    public func storeVariants(
        mediaId: UUID, status: MediaVariantsStatus, variants: [MediaVariant], failure: String?, now: Date
    ) async throws -> Media? {
        try await write { db in
            guard let owner = try String.fetchOne(db, sql: "SELECT owner_id FROM media WHERE id = ?", arguments: [mediaId.text])
            else { return nil }
            try db.execute(sql: "DELETE FROM media_variants WHERE media_id = ?", arguments: [mediaId.text])
            for variant in variants {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO media_variants (media_id, owner_id, width, height, media_type, digest, size)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        mediaId.text, owner, variant.width, variant.height, variant.mediaType, variant.digest.text, variant.size,
                    ])
            }
            try db.execute(
                sql: "UPDATE media SET variants_status = ?, variants_failure = ?, updated_at = ? WHERE id = ?",
                arguments: [status.rawValue, failure, now.millis, mediaId.text])
            return try Self.fetchMedia(db, where: "id = ?", [mediaId.text]).first
        }
    }

    public func mediaAwaitingVariants(limit: Int) async throws -> [Media] {
        try await read { db in
            try Self.fetchMedia(db, where: "variants_status = 'pending'", [], order: "created_at, id", limit: limit)
        }
    }

    public func mediaVariant(digest: BlobDigest, mediaType: String) async throws -> (ownerId: UUID, variant: MediaVariant)? {
        try await read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT owner_id, width, height, size FROM media_variants WHERE digest = ? AND media_type = ? LIMIT 1",
                arguments: [digest.text, mediaType])
            else { return nil }
            guard let owner = UUID(text: row[0]) else { throw StoreError.corrupt("media variant owner") }
            return (owner, MediaVariant(width: row[1], height: row[2], mediaType: mediaType, digest: digest, size: row[3]))
        }
    }

    /// Items matching `condition`, each with its variants (narrowest first, WebP before JPEG).
    static func fetchMedia(
        _ db: Database, where condition: String, _ arguments: [any DatabaseValueConvertible], order: String = "id",
        limit: Int? = nil
    ) throws -> [Media] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, owner_id, digest, media_type, size, name, width, height, frames, alt, caption, credit,
                    variants_status, variants_failure, created_at, updated_at
                FROM media WHERE \(condition) ORDER BY \(order)\(limit.map { " LIMIT \($0)" } ?? "")
                """,
            arguments: StatementArguments(arguments))
        guard !rows.isEmpty else { return [] }
        var variants: [String: [MediaVariant]] = [:]
        let ids: [String] = rows.map { $0[0] }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT media_id, width, height, media_type, digest, size FROM media_variants
                WHERE media_id IN (\(marks(ids.count))) ORDER BY width, media_type DESC
                """,
            arguments: StatementArguments(ids))
        {
            guard let digest = BlobDigest(row[4]) else { throw StoreError.corrupt("media variant digest") }
            variants[row[0], default: []].append(
                MediaVariant(width: row[1], height: row[2], mediaType: row[3], digest: digest, size: row[5]))
        }
        return try rows.map { row in
            guard let id = UUID(text: row[0]), let owner = UUID(text: row[1]), let digest = BlobDigest(row[2]),
                  let status = MediaVariantsStatus(rawValue: row[12])
            else { throw StoreError.corrupt("media row") }
            return Media(
                id: id, ownerId: owner, digest: digest, mediaType: row[3], size: row[4], name: row[5], width: row[6],
                height: row[7], frames: row[8], alt: row[9], caption: row[10], credit: row[11], variantsStatus: status,
                variantsFailure: row[13], variants: variants[row[0]] ?? [], createdAt: Date(millis: row[14]),
                updatedAt: Date(millis: row[15]))
        }
    }
}
