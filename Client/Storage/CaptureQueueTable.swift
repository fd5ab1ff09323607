import Foundation
import GRDB

/// The `capture_queue` table: for articles waiting for capture, the readable copy an import brought (so
/// the page is not fetched again), how many attempts failed and when to try next. Local, never synced:
/// which articles wait is the synced `captureStatus`; this is only how this machine schedules them.
struct CaptureQueueTable {
    let db: Database

    /// One article's queue state.
    struct Entry: Equatable {
        /// The page an import brought, if any.
        var providedHTML: [UInt8]?
        /// Failed attempts so far.
        var attempts: Int
        /// Milliseconds since 1970 before which the article is not tried again (0: now).
        var nextAttemptAt: Int64
    }

    /// Keeps the page an import brought for `articleId`.
    func provide(_ html: String, for articleId: UUID) throws {
        try db.execute(
            sql: """
                INSERT INTO capture_queue (article_id, provided_html) VALUES (?, ?)
                ON CONFLICT(article_id) DO UPDATE SET provided_html = excluded.provided_html
                """,
            arguments: [articleId.uuidString, Data(html.utf8)])
    }

    /// The queue state of `articleId` (no row: nothing provided, no failed attempt).
    func find(_ articleId: UUID) throws -> Entry {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT provided_html, attempts, next_attempt_at FROM capture_queue WHERE article_id = ?",
            arguments: [articleId.uuidString])
        else { return Entry(providedHTML: nil, attempts: 0, nextAttemptAt: 0) }
        let html: Data? = row["provided_html"]
        return Entry(providedHTML: html.map { [UInt8]($0) }, attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"])
    }

    /// Every row's schedule, by article id (the provided pages are not read).
    func schedules() throws -> [String: (attempts: Int, nextAttemptAt: Int64)] {
        var found: [String: (attempts: Int, nextAttemptAt: Int64)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT article_id, attempts, next_attempt_at FROM capture_queue") {
            found[row["article_id"]] = (row["attempts"], row["next_attempt_at"])
        }
        return found
    }

    /// Records a failed attempt and when to try again.
    func recordFailure(_ articleId: UUID, attempts: Int, nextAttemptAt: Int64) throws {
        try db.execute(
            sql: """
                INSERT INTO capture_queue (article_id, attempts, next_attempt_at) VALUES (?, ?, ?)
                ON CONFLICT(article_id) DO UPDATE SET attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at
                """,
            arguments: [articleId.uuidString, attempts, nextAttemptAt])
    }

    /// Forgets `articleId`: its capture succeeded, or it is gone.
    func remove(_ articleId: UUID) throws {
        try db.execute(sql: "DELETE FROM capture_queue WHERE article_id = ?", arguments: [articleId.uuidString])
    }
}
