import Foundation
import PostgresNIO

extension PostgresStore: VersionStore {
    /// A query to the database server.
    public var versionReadIsRoundTrip: Bool { true }

    /// The shared counters of `satchel_versions`, one primary-key row, so a write through any process
    /// is seen by every other at its next request.
    public func versions() async throws -> StoreVersions {
        guard let row = try await rows("SELECT epoch, content, auth FROM satchel_versions WHERE id = 1").first else {
            throw StoreError.unavailable("versions")
        }
        let (epoch, content, auth) = try row.decode((Int64, Int64, Int64).self)
        return StoreVersions(epoch: UInt64(bitPattern: epoch), content: content, auth: auth)
    }
}
