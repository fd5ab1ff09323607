import Foundation
import PostgresNIO
import SatchelShared

extension PostgresStore {
    /// One sweep: reads which digests each account's live records and media items reference, then marks, unmarks and
    /// deletes row by row. Each delete re-checks its conditions in its own statement, so a blob asked
    /// about or committed while the sweep runs is never deleted.
    @discardableResult
    public func collectBlobGarbage(now: Date, grace: TimeInterval) async throws -> BlobGarbageReport {
        var referenced: Set<String> = []
        for row in try await rows(
            "SELECT user_id, fields FROM sync_records WHERE NOT deleted AND fields LIKE '%\"sha256:%'")
        {
            let (user, fields) = try row.decode((UUID, String).self)
            for digest in BlobStageRules.referencedDigests(fieldsJSON: fields) { referenced.insert("\(user) \(digest.text)") }
        }
        // Media items keep their originals and variants.
        for row in try await rows("SELECT owner_id, digest FROM media UNION ALL SELECT owner_id, digest FROM media_variants") {
            let (user, digest) = try row.decode((UUID, String).self)
            referenced.insert("\(user) \(digest)")
        }
        var report = BlobGarbageReport()
        let cutoff = now.addingTimeInterval(-grace).millis
        for row in try await rows("SELECT user_id, digest, unreferenced_since FROM blobs") {
            let (user, digest, since) = try row.decode((UUID, String, Int64?).self)
            if referenced.contains("\(user) \(digest)") {
                guard since != nil else { continue }
                try await rows("UPDATE blobs SET unreferenced_since = NULL WHERE user_id = \(user) AND digest = \(digest)")
                report.unmarked += 1
            } else if since != nil {
                let deleted = try await transaction { connection in
                    let objects = try await connection.query("""
                        DELETE FROM blobs WHERE user_id = \(user) AND digest = \(digest)
                        AND unreferenced_since < \(cutoff) AND touched_at < \(cutoff) RETURNING object_id
                        """, logger: logger).collect()
                    for object in objects {
                        try await connection.query(
                            "DELETE FROM blob_chunks WHERE object_id = \(try object.decode(String.self))", logger: logger)
                    }
                    return objects.count
                }
                report.deletedBlobs += deleted
            } else {
                try await rows("""
                    UPDATE blobs SET unreferenced_since = \(now.millis)
                    WHERE user_id = \(user) AND digest = \(digest) AND unreferenced_since IS NULL
                    """)
                report.marked += 1
            }
        }
        let staleCutoff = now.addingTimeInterval(-BlobStageRules.staleAfter).millis
        for row in try await rows("SELECT user_id, id FROM blob_stages WHERE written_at < \(staleCutoff)") {
            let (user, id) = try row.decode((UUID, String).self)
            try await deleteStage(userId: user, id: id)
            report.deletedStages += 1
        }
        return report
    }
}
