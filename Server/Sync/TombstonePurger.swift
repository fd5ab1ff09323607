import Foundation
import SatchelStores

/// Purges expired tombstones (and idle limit counters) and sweeps unreferenced blobs and stale upload
/// stages (``BlobStore/collectBlobGarbage(now:grace:)``) at most once a minute across every server
/// process, on the pull path.
///
/// The schedule is a counter in the ``LimitStore``: the process whose update finds the minute over
/// claims the run, so processes behind a load balancer take turns instead of each purging on its own
/// timer. Each process asks the database at most every few seconds.
actor TombstonePurger {
    /// How often the purge runs, across all processes.
    static let interval: TimeInterval = 60
    /// How often one process asks whether the purge is due.
    static let localCheckInterval: TimeInterval = 5
    /// Limit counters idle this long are deleted.
    static let counterRetention: TimeInterval = 86_400
    static let scheduleKey = "job:purge-tombstones"

    private var lastCheck: Date?

    /// Runs the purge when it is due; failures are left for the next run.
    func purgeIfDue(dependencies: ServerDependencies) async {
        let now = dependencies.clock()
        if let lastCheck, now.timeIntervalSince(lastCheck) < Self.localCheckInterval, now >= lastCheck { return }
        lastCheck = now
        guard (try? await Self.claimRun(now: now, store: dependencies.limits)) == true else { return }
        _ = try? await dependencies.sync.purgeTombstones(before: now.addingTimeInterval(-dependencies.tombstoneHorizon))
        _ = try? await dependencies.limits.purgeCounters(before: now.addingTimeInterval(-Self.counterRetention))
        _ = try? await dependencies.blobs.collectBlobGarbage(now: now, grace: dependencies.blobLimits.grace)
    }

    /// Claims this minute's run for the caller; false when another process (or this one) already has.
    static func claimRun(now: Date, store: any LimitStore) async throws -> Bool {
        try await store.updateCounter(scheduleKey) { counter in
            if let counter, now < counter.notBefore { return (counter, false) }
            let runs = (counter?.value ?? 0) + 1
            return (LimitCounter(value: runs, updatedAt: now, notBefore: now.addingTimeInterval(interval)), true)
        }
    }
}
