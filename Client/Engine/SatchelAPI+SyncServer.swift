import Foundation
import SatchelShared

extension SatchelAPI: SyncServer {
    /// `GET /v1/sync/pull` with an explicit page size.
    public func pull(cursor: String?, limit: Int) async throws -> PullResponse {
        try await pull(cursor: cursor, limit: Optional(limit))
    }

    /// `GET /v1/sync/pull`, each record kept as the JSON text it came in (see ``PulledPage``): the sync
    /// engine stores a record it does not hold yet without building and re-encoding its fields.
    public func pullPage(cursor: String?, limit: Int) async throws -> PulledPage {
        let query = [("cursor", cursor), ("limit", Optional(String(limit)))]
        let spec = HTTPRequestSpec(method: "GET", path: Self.path("/v1/sync/pull", query: query), headers: [Self.protocolHeader])
        let response = try await exchange(spec)
        try Self.requireBody(response)
        do {
            return try PulledPage.decode(response.body)
        } catch {
            throw TransportError.malformedResponse("expected PullResponse: \(error)")
        }
    }
}
