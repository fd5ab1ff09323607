import Foundation
import GRDB
import Shared

extension LocalStore {
    /// What the live-sync loop last recorded (``BackgroundSync`` in live mode, `satchel sync --watch`);
    /// `nil` when live sync never ran on this machine.
    public func liveSyncStatus() throws -> LiveSyncStatus? {
        try database.queue.read { db in
            guard let text = try LocalDatabase.meta(db, Self.liveSyncKey) else { return nil }
            return try? SatchelJSON.decoder().decode(LiveSyncStatus.self, from: Data(text.utf8))
        }
    }

    /// Records the live-sync loop's state, for ``liveSyncStatus()`` (read by `satchel status` in another process).
    func recordLiveSync(_ status: LiveSyncStatus) throws {
        let text = String(decoding: try SatchelJSON.encoder().encode(status), as: UTF8.self)
        try database.queue.write { db in try LocalDatabase.setMeta(db, Self.liveSyncKey, text) }
    }

    /// The cursor the next pull starts from (`nil` before the first).
    func pullCursor() throws -> String? {
        try database.queue.read { db in try LocalDatabase.meta(db, "cursor") }
    }

    /// Syncs, taking `page` (fetched by a long-poll after `cursor`) as the first pulled page.
    @discardableResult
    func sync(startingWith page: PullResponse, after cursor: String?) async throws -> SyncSummary {
        guard let engine else { throw LocalStoreError.noServer }
        defer { changes.notify() }
        guard let cursor else { return try await engine.sync { [changes] _ in changes.notify() } }
        return try await engine.sync(startingWith: page, after: cursor)
    }

    private static let liveSyncKey = "liveSync"
}
