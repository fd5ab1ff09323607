import Foundation
import SatchelShared

extension LocalStore {
    /// What the live-sync loop last recorded (``BackgroundSync`` in live mode, `satchel sync --watch`);
    /// `nil` when live sync never ran on this machine.
    public func liveSyncStatus() throws -> LiveSyncStatus? {
        try database.read { try $0.meta.decoded(LiveSyncStatus.self, .liveSync) }
    }

    /// Records the live-sync loop's state, for ``liveSyncStatus()`` (read by `satchel status` in another process).
    func recordLiveSync(_ status: LiveSyncStatus) throws {
        try database.write { try $0.meta.setEncoded(status, .liveSync) }
    }

    /// The cursor the next pull starts from (`nil` before the first).
    func pullCursor() throws -> String? {
        try database.read { try $0.meta.cursor() }
    }

    /// Syncs, taking `page` (fetched by a long-poll after `cursor`) as the first pulled page.
    @discardableResult
    func sync(startingWith page: PullResponse, after cursor: String?) async throws -> SyncSummary {
        guard let engine else { throw LocalStoreError.noServer }
        defer { changes.notify() }
        guard let cursor else { return try await engine.sync { [changes] _ in changes.notify() } }
        return try await engine.sync(startingWith: page, after: cursor)
    }
}
