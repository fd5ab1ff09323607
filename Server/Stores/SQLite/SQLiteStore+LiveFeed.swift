import Foundation
import GRDB

extension SQLiteStore {
    /// The user's last feed position from `sync_state`, 0 before the first push.
    public func feedVersion(userId: UUID) async throws -> Int {
        let user = userId.text
        return try await read { db in
            try Int.fetchOne(db, sql: "SELECT last_version FROM sync_state WHERE user_id = ?", arguments: [user]) ?? 0
        }
    }
}
