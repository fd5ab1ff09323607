import Foundation
import GRDB
import SatchelShared

extension SQLiteStore {
    /// One sweep in one write transaction (file deletes included, so no commit of the same digest races
    /// them): reads which digests each account's live records and media items reference, marks, unmarks and deletes.
    @discardableResult
    public func collectBlobGarbage(now: Date, grace: TimeInterval) async throws -> BlobGarbageReport {
        let files = blobFiles
        return try await write { db in
            var referenced: Set<String> = []
            let records = try Row.fetchCursor(
                db, sql: "SELECT user_id, fields FROM sync_records WHERE deleted = 0 AND fields LIKE '%\"sha256:%'")
            while let row = try records.next() {
                let user: String = row[0]
                for digest in BlobStageRules.referencedDigests(fieldsJSON: row[1]) { referenced.insert("\(user) \(digest.text)") }
            }
            // Media items keep their originals and variants.
            let media = try Row.fetchCursor(
                db, sql: "SELECT owner_id, digest FROM media UNION ALL SELECT owner_id, digest FROM media_variants")
            while let row = try media.next() {
                let (user, digest): (String, String) = (row[0], row[1])
                referenced.insert("\(user) \(digest)")
            }
            var report = BlobGarbageReport()
            let cutoff = now.addingTimeInterval(-grace).millis
            let blobs = try Row.fetchAll(db, sql: "SELECT user_id, digest, touched_at, unreferenced_since FROM blobs")
            for row in blobs {
                let (user, digest): (String, String) = (row[0], row[1])
                let touchedAt: Int64 = row[2], since: Int64? = row[3]
                if referenced.contains("\(user) \(digest)") {
                    guard since != nil else { continue }
                    try db.execute(
                        sql: "UPDATE blobs SET unreferenced_since = NULL WHERE user_id = ? AND digest = ?", arguments: [user, digest])
                    report.unmarked += 1
                } else if let since {
                    guard since < cutoff, touchedAt < cutoff else { continue }
                    try db.execute(sql: "DELETE FROM blobs WHERE user_id = ? AND digest = ?", arguments: [user, digest])
                    files.remove(path: files.blobPath(user: user, digest: digest.dropFirst(BlobDigest.prefix.count)))
                    report.deletedBlobs += 1
                } else {
                    try db.execute(
                        sql: "UPDATE blobs SET unreferenced_since = ? WHERE user_id = ? AND digest = ?",
                        arguments: [now.millis, user, digest])
                    report.marked += 1
                }
            }
            let stale = try Row.fetchAll(
                db, sql: "SELECT user_id, id FROM blob_stages WHERE written_at < ?",
                arguments: [now.addingTimeInterval(-BlobStageRules.staleAfter).millis])
            for row in stale {
                let (user, id): (String, String) = (row[0], row[1])
                try db.execute(sql: "DELETE FROM blob_stages WHERE user_id = ? AND id = ?", arguments: [user, id])
                if let path = files.stagePath(user: user, id: id) { files.remove(path: path) }
                report.deletedStages += 1
            }
            return report
        }
    }
}
