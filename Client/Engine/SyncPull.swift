import Foundation
import SatchelShared

extension SyncEngine {
    /// Pulls one page and applies it with the next cursor in one transaction; returns `hasMore`.
    func pullPage(into summary: inout SyncSummary, resync: inout FullResync?) async throws -> Bool {
        let storedCursor = try await database.read { try $0.meta.cursor() }
        let cursor = resync.map { $0.cursor } ?? storedCursor
        let page = try await fetchPage(after: cursor)
        if page.hasMore {
            let server = server, limit = pullPageSize, next = page.cursor
            prefetch = (next, Task { try await server.pull(cursor: next, limit: limit, wait: 0) })
        }
        let now = environment.now()
        let seen = resync?.seen
        try await database.syncWrite { tables in
            try SyncPull.store(page, in: tables, now: now, seenBefore: seen)
        }
        resync?.seen.formUnion(page.keys)
        resync?.cursor = page.cursor
        summary.pulled += page.changes.count
        return page.hasMore
    }

    /// The page after `cursor`: the prefetched one when it is for this cursor, else a fresh request.
    private func fetchPage(after cursor: String?) async throws -> PullResponse {
        if let prefetch, prefetch.cursor == cursor {
            self.prefetch = nil
            return try await prefetch.task.value
        }
        cancelPrefetch()
        return try await server.pull(cursor: cursor, limit: pullPageSize, wait: 0)
    }

    /// Drops the page requested ahead, if any.
    func cancelPrefetch() {
        prefetch?.task.cancel()
        prefetch = nil
    }
}

/// What a pulled page does to the local database, inside the transaction that also moves the cursor.
enum SyncPull {
    /// Stores `page` and the cursor after it. `seenBefore` is set during a full re-read (the records
    /// earlier pages of the re-read brought): after its last page, synced records the server no longer
    /// has are removed.
    static func store(_ page: PullResponse, in tables: LocalTables, now: Date, seenBefore: Set<RecordKey>?) throws {
        try PulledPageWriter.write(page, in: tables, now: now)
        if let seenBefore, !page.hasMore {
            try dropUnseen(in: tables, seen: seenBefore.union(page.keys))
        }
        try tables.meta.setCursor(page.cursor)
    }

    /// After a full re-read: records the server no longer has, that were synced before and have no
    /// pending edits, were deleted elsewhere while this machine was away too long; remove them.
    private static func dropUnseen(in tables: LocalTables, seen: Set<RecordKey>) throws {
        for key in try tables.records.syncedWithoutPendingEdits() where !seen.contains(key) {
            try tables.records.remove(key.entity, key.id)
        }
    }
}

/// State of a full re-read after the cursor expired.
struct FullResync: Sendable {
    var cursor: String?
    var seen: Set<RecordKey> = []
}

extension PullResponse {
    /// The records the page brings.
    var keys: [RecordKey] { changes.map { RecordKey(entity: $0.entity, id: $0.recordId) } }
}
