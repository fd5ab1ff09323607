import Foundation
import PostgresNIO

extension PostgresStore: VersionStore {
    /// A query to the database server.
    public var versionReadIsRoundTrip: Bool { true }

    /// The shared counters of `satchel_versions`, one primary-key row, so a write through any process
    /// is seen by every other at its next request. A prepared statement: made on every cacheable request,
    /// it is parsed once per connection, not once per read.
    public func versions() async throws -> StoreVersions {
        let row = try await translatingErrors {
            try await pool.lease(client) { connection in
                var found: (Int64, Int64, Int64)?
                for try await row in try await connection.execute(VersionsQuery(), logger: logger) { found = row }
                return found
            }
        }
        guard let (epoch, content, auth) = row else { throw StoreError.unavailable("versions") }
        return StoreVersions(epoch: UInt64(bitPattern: epoch), content: content, auth: auth)
    }
}

/// The versions row, as a statement each connection prepares once.
struct VersionsQuery: PostgresPreparedStatement {
    static let name = "satchel_versions_read"
    static let sql = "SELECT epoch, content, auth FROM satchel_versions WHERE id = 1"
    typealias Row = (Int64, Int64, Int64)

    func makeBindings() throws -> PostgresBindings { PostgresBindings() }
    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
