import Foundation
import PostgresNIO

extension PostgresStore {
    /// The channel on which every commit to a user's feed is announced, with the user id as payload.
    public static let feedChannel = "satchel_feed"

    /// The user's last feed position from `sync_state`, 0 before the first push.
    public func feedVersion(userId: UUID) async throws -> Int {
        try await rows("SELECT last_version FROM sync_state WHERE user_id = \(userId)").first?.decode(Int.self) ?? 0
    }

    /// Announces, inside the transaction that moves `userId`'s feed, that it moved: PostgreSQL delivers
    /// the notification to every listening server process when (and only if) the transaction commits.
    static func announceFeedMoved(of userId: UUID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_notify(\(feedChannel), \(userId.uuidString.lowercased()))", logger: logger)
    }
}
