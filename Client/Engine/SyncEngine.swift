import Foundation
import SatchelShared

/// Runs syncs: the thin actor that does the I/O the ``SyncPlanner`` decides on, reading and writing the
/// client database only through ``LocalDatabase``.
///
/// A sync pushes the outbox batch by batch (``pushBatch(into:)``, in `SyncPush.swift`), then pulls page by
/// page (``pullPage(into:resync:)``, in `SyncPull.swift`). It reads what to push in one short transaction,
/// sends it with no transaction open, and writes the answer in another; each pulled page commits together
/// with the cursor that follows it.
actor SyncEngine {
    let database: LocalDatabase
    let server: any SyncServer
    let environment: ClientEnvironment
    let clientId: String
    var pushBatchSize = SyncLimits.maxPushBatch
    var pullPageSize = SyncLimits.maxPullPage
    /// The next page, requested and decoded while the previous one is being written: the pull pipeline
    /// holds at most this one page besides the one being written.
    var prefetch: (cursor: String, task: Task<PullResponse, any Error>)?
    /// Uploads the blobs a batch references before it is pushed; `nil` for a server that takes no blobs.
    let blobs: BlobTransfer?

    init(
        database: LocalDatabase, server: any SyncServer, environment: ClientEnvironment, clientId: String,
        blobs: BlobTransfer? = nil
    ) {
        self.database = database
        self.server = server
        self.environment = environment
        self.clientId = clientId
        self.blobs = blobs
    }

    /// One full sync: push the outbox, then pull until the feed is exhausted.
    func sync(progress: @Sendable (SyncProgress) -> Void = { _ in }) async throws -> SyncSummary {
        defer { cancelPrefetch() }
        var planner = SyncPlanner()
        var summary = SyncSummary()
        let pendingTotal = try await database.read { try $0.outbox.count() }
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
                    timings.totalMilliseconds = SyncTimings.milliseconds(clock.now - started)
                    timings.pushed = summary.pushed
                    timings.pulled = summary.pulled
                    try await recordFinished(timings)
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
        prefetch = (cursor, Task { page })
        return try await sync()
    }

    /// Stores when the sync finished and where its time went.
    private func recordFinished(_ timings: SyncTimings) async throws {
        let finishedAt = SatchelJSON.string(from: environment.now())
        let timingsJSON = String(decoding: try SatchelJSON.encoder().encode(timings), as: UTF8.self)
        try await database.syncWrite { tables in
            try tables.meta.set(.lastSyncAt, finishedAt)
            try tables.meta.set(.lastSyncTimings, timingsJSON)
        }
    }
}
