import Foundation
import PostgresNIO
import SatchelShared

extension PostgresStore: MediaStore {
    public func createMedia(_ media: Media) async throws -> Media {
        try await rows("""
            INSERT INTO media (id, owner_id, digest, media_type, size, name, width, height, frames, alt, caption, credit,
                variants_status, variants_failure, created_at, updated_at)
            VALUES (\(media.id), \(media.ownerId), \(media.digest.text), \(media.mediaType), \(media.size), \(media.name),
                \(media.width), \(media.height), \(media.frames), \(media.alt), \(media.caption), \(media.credit),
                \(media.variantsStatus.rawValue), \(media.variantsFailure), \(media.createdAt.millis), \(media.updatedAt.millis))
            """)
        guard let created = try await self.media(id: media.id) else { throw StoreError.unavailable("media vanished") }
        return created
    }

    public func media(id: UUID) async throws -> Media? {
        try await fetchMedia(try await rows("SELECT \(unescaped: Self.mediaColumns) FROM media WHERE id = \(id)")).first
    }

    public func media(ids: [UUID]) async throws -> [Media] {
        guard !ids.isEmpty else { return [] }
        return try await fetchMedia(try await rows("SELECT \(unescaped: Self.mediaColumns) FROM media WHERE id = ANY(\(ids))"))
    }

    public func listMedia(ownerId: UUID, limit: Int, after: MediaListPosition?) async throws -> MediaPage {
        let found: [PostgresRow]
        if let after {
            found = try await rows("""
                SELECT \(unescaped: Self.mediaColumns) FROM media WHERE owner_id = \(ownerId)
                AND (created_at, id) < (\(after.createdMillis), \(after.id))
                ORDER BY created_at DESC, id DESC LIMIT \(limit + 1)
                """)
        } else {
            found = try await rows("""
                SELECT \(unescaped: Self.mediaColumns) FROM media WHERE owner_id = \(ownerId)
                ORDER BY created_at DESC, id DESC LIMIT \(limit + 1)
                """)
        }
        let items = try await fetchMedia(found)
        let page = Array(items.prefix(limit))
        let next = items.count > limit ? page.last.map { MediaListPosition(createdMillis: $0.createdAt.millis, id: $0.id) } : nil
        return MediaPage(items: page, next: next)
    }

    public func updateMedia(_ media: Media) async throws -> Media? {
        let updated = try await rows("""
            UPDATE media SET alt = \(media.alt), caption = \(media.caption), credit = \(media.credit),
                updated_at = \(media.updatedAt.millis)
            WHERE id = \(media.id) RETURNING id
            """)
        guard !updated.isEmpty else { return nil }
        return try await self.media(id: media.id)
    }

    public func deleteMedia(id: UUID) async throws -> Bool {
        try await transaction { connection in
            try await connection.query("DELETE FROM media_variants WHERE media_id = \(id)", logger: logger)
            return try await connection.query("DELETE FROM media WHERE id = \(id) RETURNING id", logger: logger)
                .collect().count == 1
        }
    }

    public func storeVariants(
        mediaId: UUID, status: MediaVariantsStatus, variants: [MediaVariant], failure: String?, now: Date
    ) async throws -> Media? {
        let stored = try await transaction { connection -> Bool in
            guard let owner = try await connection.query(
                "SELECT owner_id FROM media WHERE id = \(mediaId) FOR UPDATE", logger: logger
            ).collect().first?.decode(UUID.self) else { return false }
            try await connection.query("DELETE FROM media_variants WHERE media_id = \(mediaId)", logger: logger)
            for variant in variants {
                try await connection.query("""
                    INSERT INTO media_variants (media_id, owner_id, width, height, media_type, digest, size)
                    VALUES (\(mediaId), \(owner), \(variant.width), \(variant.height), \(variant.mediaType),
                        \(variant.digest.text), \(variant.size))
                    ON CONFLICT (media_id, width, media_type) DO UPDATE SET digest = EXCLUDED.digest, size = EXCLUDED.size,
                        height = EXCLUDED.height
                    """, logger: logger)
            }
            try await connection.query("""
                UPDATE media SET variants_status = \(status.rawValue), variants_failure = \(failure), updated_at = \(now.millis)
                WHERE id = \(mediaId)
                """, logger: logger)
            return true
        }
        return stored ? try await media(id: mediaId) : nil
    }

    public func mediaAwaitingVariants(limit: Int) async throws -> [Media] {
        try await fetchMedia(try await rows("""
            SELECT \(unescaped: Self.mediaColumns) FROM media WHERE variants_status = 'pending'
            ORDER BY created_at, id LIMIT \(limit)
            """))
    }

    public func mediaVariant(digest: BlobDigest, mediaType: String) async throws -> (ownerId: UUID, variant: MediaVariant)? {
        guard let row = try await rows("""
            SELECT owner_id, width, height, size FROM media_variants
            WHERE digest = \(digest.text) AND media_type = \(mediaType) LIMIT 1
            """).first
        else { return nil }
        let (owner, width, height, size) = try row.decode((UUID, Int, Int, Int64).self)
        return (owner, MediaVariant(width: width, height: height, mediaType: mediaType, digest: digest, size: size))
    }

    static let mediaColumns = """
        id, owner_id, digest, media_type, size, name, width, height, frames, alt, caption, credit, variants_status,
        variants_failure, created_at, updated_at
        """

    /// The items of `rows` (in their order), each with its variants.
    private func fetchMedia(_ rows: [PostgresRow]) async throws -> [Media] {
        guard !rows.isEmpty else { return [] }
        var items: [Media] = try rows.map { row in
            let cells = row.makeRandomAccess()
            func value<T: PostgresDecodable>(_ index: Int, _ type: T.Type = T.self) throws -> T {
                try cells[index].decode(T.self)
            }
            guard let digest = BlobDigest(try value(2, String.self)) else { throw StoreError.corrupt("media digest") }
            return Media(
                id: try value(0), ownerId: try value(1), digest: digest, mediaType: try value(3), size: try value(4),
                name: try value(5), width: try value(6), height: try value(7), frames: try value(8), alt: try value(9),
                caption: try value(10), credit: try value(11),
                variantsStatus: try StoredValue.named(try value(12), column: "media.variants_status"),
                variantsFailure: try value(13), variants: [], createdAt: Date(millis: try value(14)),
                updatedAt: Date(millis: try value(15)))
        }
        let ids = items.map(\.id)
        var variants: [UUID: [MediaVariant]] = [:]
        for row in try await self.rows("""
            SELECT media_id, width, height, media_type, digest, size FROM media_variants
            WHERE media_id = ANY(\(ids)) ORDER BY width, media_type DESC
            """)
        {
            let (id, width, height, type, digestText, size) = try row.decode((UUID, Int, Int, String, String, Int64).self)
            guard let digest = BlobDigest(digestText) else { throw StoreError.corrupt("media variant digest") }
            variants[id, default: []].append(MediaVariant(width: width, height: height, mediaType: type, digest: digest, size: size))
        }
        for index in items.indices { items[index].variants = variants[items[index].id] ?? [] }
        return items
    }
}
