import Foundation
import SatchelShared
import SatchelSync
import SatchelStores

/// What the server counts: one method per event, each naming its metric once.
extension ServerMetrics {
    /// One HTTP request answered: counted by route template, method and status class, and timed.
    public func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let statusClass = Self.statusClass(status)
        count("satchel_http_requests_total", [("route", route), ("method", method), ("status", statusClass)])
        time("satchel_http_request_duration_seconds", [("route", route), ("method", method)], duration)
    }

    /// A response that replayed the first response of an `Idempotency-Key`.
    public func recordIdempotentReplay(route: String) {
        count("satchel_idempotent_replays_total", [("route", route)])
    }

    /// One push answered: the push, each mutation by outcome, the conflict records written, and the
    /// queued comments it stored, by moderation outcome. A retried mutation id is answered with its first
    /// result and counted again under that outcome.
    func recordPush(batch: [PreparedMutation], results: [MutationResult]) {
        for (prepared, result) in zip(batch, results) where result.status == .applied {
            if case .success(let comment)? = prepared.comment { recordComment(comment.status, source: "sync") }
        }
        count("satchel_sync_pushes_total")
        var byStatus: [MutationStatus: Int] = [:]
        var conflictRecords = 0
        for result in results {
            byStatus[result.status, default: 0] += 1
            conflictRecords += result.conflictIds.count
        }
        for status in MutationStatus.allCases {
            // Every outcome appears from the first push on, so a rate over it starts at zero.
            count("satchel_sync_mutations_total", [("outcome", status.rawValue)], by: byStatus[status] ?? 0)
        }
        count("satchel_sync_conflict_records_total", by: conflictRecords)
        // What sends a mutation to the client's dead letter, by cause (a bounded set of codes).
        for result in results where result.status == .rejected {
            let cause = result.code.flatMap(RejectionCode.init(rawValue:))?.rawValue ?? "other"
            count("satchel_sync_rejections_total", [("cause", cause)])
        }
    }

    /// One pull answered with `changes` changes.
    public func recordPull(changes: Int) {
        count("satchel_sync_pulls_total")
        count("satchel_sync_changes_served_total", by: changes)
    }

    /// A new comment stored with this moderation status (`approved` is published, the rest held),
    /// through `source` (`http` or `sync`).
    public func recordComment(_ status: CommentModerationStatus, source: String) {
        count("satchel_comments_total", [("outcome", status.rawValue), ("source", source)])
    }

    /// A new comment refused because its client posted too many (429).
    public func recordCommentRateLimited() {
        count("satchel_comment_rate_limited_total")
    }

    /// One store operation finished after `duration`.
    public func recordStoreOperation(_ operation: String, duration: Duration, failed: Bool) {
        time("satchel_store_operation_duration_seconds", [("operation", operation)], duration)
        if failed { count("satchel_store_operation_failures_total", [("operation", operation)]) }
    }

    /// How many store operations are running now (PostgreSQL's pool does not expose its own figures).
    func recordStoreOperationsInFlight(_ value: Int) {
        gauge("satchel_store_operations_in_flight", [], Double(value))
    }

    /// The database connection pool's size, connections in use and operations waiting for one (PostgreSQL).
    func recordConnectionPool(_ pool: ConnectionPoolFigures) {
        gauge("satchel_database_pool_size", [], Double(pool.size))
        gauge("satchel_database_pool_connections", [("state", "in_use")], Double(pool.inUse))
        gauge("satchel_database_pool_connections", [("state", "waiting")], Double(pool.waiting))
    }

    /// `2xx`, `4xx`, … for a status code.
    static func statusClass(_ status: Int) -> String {
        switch status {
        case 100..<200: "1xx"
        case 200..<300: "2xx"
        case 300..<400: "3xx"
        case 400..<500: "4xx"
        default: "5xx"
        }
    }
}
