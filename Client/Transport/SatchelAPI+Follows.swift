import Foundation
import SatchelShared

extension SatchelAPI {
    /// `POST /v1/follows`: follows an author here (a username) or a feed (an address: a feed, or a page that
    /// advertises one). The server fetches and checks the feed first; the follow record arrives by sync.
    public func follow(_ request: FollowRequest) async throws -> FollowStatus {
        try await call("POST", "/v1/follows", body: request)
    }

    /// `GET /v1/follows`: the account's follows with their last check, last error, next check and item count.
    public func follows() async throws -> FollowList {
        try await call("GET", "/v1/follows")
    }

    /// `POST /v1/follows/{id}/check`: asks the server to check a followed feed now (rate-limited).
    public func checkFollow(_ id: UUID) async throws -> FollowStatus {
        let response = try await exchange(HTTPRequestSpec(method: "POST", path: "/v1/follows/\(id.uuidString)/check"))
        return try Self.decode(FollowStatus.self, from: response)
    }
}
