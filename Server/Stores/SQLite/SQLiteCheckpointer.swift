import Foundation
import GRDB
import Synchronization

/// Copies committed WAL pages back into the database file off the write path.
///
/// SQLite's own auto-checkpoint runs inside the commit that crosses its threshold, so that commit (and
/// every write queued behind it) waits for the copy and its `fsync`. This runs PASSIVE checkpoints on a
/// connection of its own soon after commits instead; a PASSIVE checkpoint never blocks the writer or
/// readers, and the pool keeps `wal_autocheckpoint` as a safety net should these ever fall behind.
final class SQLiteCheckpointer: Sendable {
    private let connection: DatabaseQueue
    private let state = Mutex(State())

    private struct State {
        /// A checkpoint loop is running.
        var running = false
        /// A commit happened since the running loop's last checkpoint started.
        var dirty = false
    }

    /// Opens the checkpointing connection to the database at `path` (already in WAL mode).
    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "satchel.checkpointer"
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Notes a commit; a checkpoint follows shortly, at most one at a time and about twenty a second.
    func noteCommit() {
        let start = state.withLock { state -> Bool in
            state.dirty = true
            guard !state.running else { return false }
            state.running = true
            return true
        }
        guard start else { return }
        Task.detached(priority: .utility) { await self.drain() }
    }

    private func drain() async {
        while state.withLock({ state -> Bool in
            guard state.dirty else {
                state.running = false
                return false
            }
            state.dirty = false
            return true
        }) {
            // A failed checkpoint (the file busy, say) leaves the pages in the WAL for the next one.
            _ = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
