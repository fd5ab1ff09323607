import Foundation
import Shared

extension SatchelAPI: SyncServer {
    /// `GET /v1/sync/pull` with an explicit page size.
    public func pull(cursor: String?, limit: Int) async throws -> PullResponse {
        try await pull(cursor: cursor, limit: Optional(limit))
    }
}
