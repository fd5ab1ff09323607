import Foundation
import GRDB
import Shared

/// Runs syncs: the thin actor that does the I/O the ``SyncPlanner`` decides on.
///
/// It reads what to push in one short transaction, sends it with no transaction open, and writes the
/// answer in another; each pulled page commits together with the cursor that follows it.
actor SyncEngine {
    let database: LocalDatabase
    let server: any SyncServer
    let environment: ClientEnvironment
    let clientId: String
    var pushBatchSize = SyncLimits.maxPushBatch
    var pullPageSize = SyncLimits.maxPullPage
    /// The next page, requested and decoded while the previous one is being written: the pull pipeline
    /// holds at most this one page besides the one being written.
    private var prefetch: (cursor: String, task: Task<PulledPage, any Error>)?

    init(database: LocalDatabase, server: any SyncServer, environment: ClientEnvironment, clientId: String) {
        self.database = database
        self.server = server
        self.environment = environment
        self.clientId = clientId
    }

    /// One full sync: push the outbox, then pull until the feed is exhausted.
    func sync(progress: @Sendable (SyncProgress) -> Void = { _ in }) async throws -> SyncSummary {
        defer { cancelPrefetch() }
        var planner = SyncPlanner()
        var summary = SyncSummary()
        let pendingTotal = try await database.queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
        var resync: FullResync?
        var action = planner.start(pendingCount: pendingTotal)
        let clock = ContinuousClock()
        let started = clock.now
        var timings = SyncTimings(startedAt: environment.now())
        while true {
            if case .fail(let error) = action { throw error }
            do {
                switch action {
                case .push:
                    let pushStart = clock.now
                    defer { timings.pushMilliseconds += SyncTimings.milliseconds(clock.now - pushStart) }
                    timings.pushRequests += 1
                    let remaining = try await pushBatch(into: &summary)
                    progress(SyncProgress(phase: "push", done: summary.pushed, total: max(pendingTotal, summary.pushed)))
                    action = planner.pushed(remaining: remaining)
                case .pull(let fullResync):
                    if fullResync && resync == nil {
                        resync = FullResync()
                        summary.fullResync = true
                    }
                    let pullStart = clock.now
                    defer { timings.pullMilliseconds += SyncTimings.milliseconds(clock.now - pullStart) }
                    timings.pullRequests += 1
                    let hasMore = try await pullPage(into: &summary, resync: &resync)
                    progress(SyncProgress(phase: "pull", done: summary.pulled, total: summary.pulled + (hasMore ? pullPageSize : 0)))
                    action = planner.pulled(hasMore: hasMore)
                case .wait(let seconds):
                    try await environment.sleep(seconds)
                    action = planner.resume()
                case .finish:
                    let finishedAt = SatchelJSON.string(from: environment.now())
                    timings.totalMilliseconds = SyncTimings.milliseconds(clock.now - started)
                    timings.pushed = summary.pushed
                    timings.pulled = summary.pulled
                    let timingsJSON = String(decoding: try SatchelJSON.encoder().encode(timings), as: UTF8.self)
                    try await database.syncWrite { db in
                        try LocalDatabase.setMeta(db, "lastSyncAt", finishedAt)
                        try LocalDatabase.setMeta(db, SyncTimings.metaKey, timingsJSON)
                    }
                    return summary
                case .fail:
                    continue
                }
            } catch let error as TransportError {
                action = planner.failed(error, random: environment.random())
            }
        }
    }

    /// One full sync whose first pull uses `page`, already fetched after `cursor` (by a long-poll), so
    /// it costs no second request; when the stored cursor has moved on meanwhile the page is dropped.
    func sync(startingWith page: PullResponse, after cursor: String) async throws -> SyncSummary {
        cancelPrefetch()
        prefetch = (cursor, Task { PulledPage(page) })
        return try await sync()
    }

    /// Pushes the oldest outbox batch and adopts the answers; returns how many entries remain.
    private func pushBatch(into summary: inout SyncSummary) async throws -> Int {
        let limit = pushBatchSize
        let batch = try await database.queue.read { db in try LocalDatabase.outbox(db, limit: limit) }
        guard !batch.isEmpty else { return 0 }
        let response = try await server.push(PushRequest(clientId: clientId, mutations: batch.map(\.mutation)))
        guard response.results.count == batch.count else {
            throw TransportError.malformedResponse("expected \(batch.count) results, got \(response.results.count)")
        }
        let now = environment.now()
        let serverTime = response.serverTime
        let clientId = clientId
        let remaining = try await database.syncWrite { db -> Int in
            for (entry, result) in zip(batch, response.results) {
                try Self.adopt(result, of: entry.mutation, in: db, now: now)
            }
            try ClientClock.receive(serverTime, in: db, node: clientId, now: now)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0
        }
        for result in response.results {
            summary.pushed += 1
            switch result.status {
            case .merged: summary.merged += 1
            case .conflict: summary.conflicts += 1
            case .rejected: summary.rejected += 1
            case .applied: break
            }
        }
        return remaining
    }

    static func adopt(_ result: MutationResult, of mutation: Mutation, in db: Database, now: Date) throws {
        if result.status == .rejected, result.code == RejectionCode.recordPurged.rawValue,
           try sendWhole(mutation, in: db) { return }
        try LocalDatabase.removeFromOutbox(db, mutationId: mutation.id)
        if result.status == .rejected {
            try LocalDatabase.deadLetter(db, mutation, reason: result.reason ?? "Rejected by the server.", at: now)
            return
        }
        let later = try LocalDatabase.pending(db, mutation.entity, mutation.recordId)
        let local = try LocalDatabase.record(db, mutation.entity, mutation.recordId)
        if let updated = RecordRebase.adopt(result, of: mutation, into: local, later: later) {
            try LocalDatabase.save(db, updated)
        } else {
            try LocalDatabase.remove(db, mutation.entity, mutation.recordId)
        }
    }

    /// The server purged the tombstone of a record this machine still edits: the pending update becomes a
    /// create of the whole record as of that update, under the same id and position in the outbox, so the
    /// next push brings the record back with the edit. A later update of the record stays as it is and
    /// follows the create; when this machine deletes the record too, the update is dropped and the record
    /// stays gone. Returns `false` when there is nothing to send (the update is then set aside).
    private static func sendWhole(_ mutation: Mutation, in db: Database) throws -> Bool {
        let pending = try LocalDatabase.pending(db, mutation.entity, mutation.recordId)
        if let first = pending.first, first.id != mutation.id, first.op == .create { return true }
        guard let local = try LocalDatabase.record(db, mutation.entity, mutation.recordId) else { return false }
        if local.deleted {
            try LocalDatabase.removeFromOutbox(db, mutationId: mutation.id)
            return true
        }
        guard let create = RecordRebase.recreation(of: mutation, from: local) else { return false }
        try LocalDatabase.replaceInOutbox(db, create)
        return true
    }

    /// Pulls one page and applies it with the next cursor in one transaction; returns `hasMore`.
    private func pullPage(into summary: inout SyncSummary, resync: inout FullResync?) async throws -> Bool {
        let storedCursor = try await database.queue.read { db in try LocalDatabase.meta(db, "cursor") }
        let cursor = resync.map { $0.cursor } ?? storedCursor
        let page = try await fetchPage(after: cursor)
        if page.hasMore {
            let server = server, limit = pullPageSize, next = page.cursor
            prefetch = (next, Task { try await server.pullPage(cursor: next, limit: limit) })
        }
        let now = environment.now()
        let seen = resync?.seen
        try await database.syncWrite { db in
            try PulledPageWriter.write(page, in: db, now: now)
            if seen != nil && !page.hasMore {
                var all = seen ?? []
                all.formUnion(page.changes.map { RecordKey(entity: $0.entity, id: $0.recordId) })
                try Self.dropUnseen(db, seen: all)
            }
            try LocalDatabase.setMeta(db, "cursor", page.cursor)
        }
        resync?.seen.formUnion(page.changes.map { RecordKey(entity: $0.entity, id: $0.recordId) })
        resync?.cursor = page.cursor
        summary.pulled += page.changes.count
        return page.hasMore
    }

    /// The page after `cursor`: the prefetched one when it is for this cursor, else a fresh request.
    private func fetchPage(after cursor: String?) async throws -> PulledPage {
        if let prefetch, prefetch.cursor == cursor {
            self.prefetch = nil
            return try await prefetch.task.value
        }
        cancelPrefetch()
        return try await server.pullPage(cursor: cursor, limit: pullPageSize)
    }

    private func cancelPrefetch() {
        prefetch?.task.cancel()
        prefetch = nil
    }

    /// After a full re-read: records the server no longer has, that were synced before and have no
    /// pending edits, were deleted elsewhere while this machine was away too long; remove them.
    private static func dropUnseen(_ db: Database, seen: Set<RecordKey>) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT entity, id FROM records r WHERE base_version IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = r.entity AND o.record_id = r.id)
            """)
        for row in rows {
            guard let entity = SyncEntity(rawValue: row["entity"]), let id = UUID(uuidString: row["id"]) else { continue }
            if !seen.contains(RecordKey(entity: entity, id: id)) { try LocalDatabase.remove(db, entity, id) }
        }
    }
}

/// A record's identity across entities.
struct RecordKey: Hashable, Sendable {
    var entity: SyncEntity
    var id: UUID
}

/// State of a full re-read after the cursor expired.
struct FullResync: Sendable {
    var cursor: String?
    var seen: Set<RecordKey> = []
}
