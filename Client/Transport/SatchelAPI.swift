import Foundation
import SatchelShared

/// Typed calls to the Satchel REST and sync API over any ``HTTPTransport``.
///
/// A status other than 2xx throws ``TransportError/http(status:problem:retryAfter:)`` carrying the
/// server's problem document; a 2xx body that does not decode throws ``TransportError/malformedResponse(_:)``.
///
/// ```swift
/// var api = SatchelAPI(transport: CurlTransport(baseURL: "http://127.0.0.1:8080"))
/// api.token = try await api.login(username: "ada", password: "correct horse").token
/// let me = try await api.me()
/// ```
public struct SatchelAPI: Sendable {
    /// Carries the requests.
    public var transport: any HTTPTransport
    /// Sent as `Authorization: Bearer <token>` when set.
    public var token: String?
    /// The current time; turns a `Retry-After` date into a delay.
    public var clock: @Sendable () -> Date

    /// Creates an API client; `token` may be set later, e.g. after ``login(username:password:)``.
    public init(transport: any HTTPTransport, token: String? = nil, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.transport = transport
        self.token = token
        self.clock = clock
    }

    /// A copy of this client that sends `token` (or no token).
    public func authenticated(_ token: String?) -> SatchelAPI {
        var copy = self
        copy.token = token
        return copy
    }

    // MARK: Accounts

    /// `POST /v1/accounts`: creates an account and returns it with a token.
    public func register(
        username: String, password: String, email: String, displayName: String? = nil
    ) async throws -> RegisterResponse {
        let body = RegisterRequest(username: username, password: password, email: email, displayName: displayName)
        return try await call("POST", "/v1/accounts", body: body)
    }

    /// `POST /v1/tokens`: logs in and returns a bearer token.
    public func login(username: String, password: String) async throws -> TokenResponse {
        try await call("POST", "/v1/tokens", body: LoginRequest(username: username, password: password))
    }

    /// `DELETE /v1/tokens/current`: revokes the token this client sends.
    public func logout() async throws {
        _ = try await exchange(HTTPRequestSpec(method: "DELETE", path: "/v1/tokens/current"))
    }

    /// `GET /health`: whether the server is up, and its version.
    public func health() async throws -> ServerHealth {
        try await call("GET", "/health")
    }

    /// `GET /v1/me`: the signed-in user, with their private email.
    public func me() async throws -> User {
        try await call("GET", "/v1/me")
    }

    // MARK: Posts and comments

    /// `GET /v1/posts`: one page of published posts, optionally filtered by author, tag or full-text search.
    public func posts(
        author: UUID? = nil, tag: String? = nil, search: String? = nil, limit: Int? = nil, cursor: String? = nil
    ) async throws -> Page<Post> {
        let query = [
            ("author", author?.uuidString), ("tag", tag), ("q", search), ("limit", limit.map(String.init)),
            ("cursor", cursor),
        ]
        return try await call("GET", Self.path("/v1/posts", query: query))
    }

    /// `GET /v1/posts/{id}`: one post by id or slug.
    public func post(idOrSlug: String) async throws -> Post {
        try await call("GET", "/v1/posts/" + Self.percentEncoded(idOrSlug))
    }

    /// `GET /v1/posts/random`: a random published post.
    public func randomPost() async throws -> Post {
        try await call("GET", "/v1/posts/random")
    }

    /// `POST /v1/posts`: writes a post (authors and admins); a repeated `idempotencyKey` creates it once.
    public func createPost(_ request: CreatePostRequest, idempotencyKey: String? = nil) async throws -> Post {
        try await call("POST", "/v1/posts", body: request, headers: Self.idempotencyHeaders(idempotencyKey))
    }

    /// `GET /v1/posts/{id}/comments`: one page of a post's approved comments, oldest first.
    public func comments(postId: UUID, limit: Int? = nil, cursor: String? = nil) async throws -> Page<Comment> {
        let query = [("limit", limit.map(String.init)), ("cursor", cursor)]
        return try await call("GET", Self.path("/v1/posts/\(postId.uuidString)/comments", query: query))
    }

    /// `POST /v1/posts/{id}/comments`: leaves a reply, published (201) or held for moderation (202);
    /// a repeated `idempotencyKey` posts it once.
    public func comment(
        postId: UUID, _ request: CreateCommentRequest, idempotencyKey: String? = nil
    ) async throws -> Comment {
        try await call(
            "POST", "/v1/posts/\(postId.uuidString)/comments", body: request,
            headers: Self.idempotencyHeaders(idempotencyKey))
    }

    // MARK: Sync

    /// `POST /v1/sync/push`: sends local mutations; one result per mutation, in order.
    public func push(_ request: PushRequest) async throws -> PushResponse {
        let spec = HTTPRequestSpec(
            method: "POST", path: "/v1/sync/push",
            headers: [HTTPHeader("Content-Type", "application/json"), Self.protocolHeader], body: request.encodedData())
        return try Self.decodeSync(PushResponse.self, from: try await exchange(spec))
    }

    /// `GET /v1/sync/pull`: the user's changes after `cursor` (from the start when `nil`), each record kept
    /// as the JSON text it came in. With `wait` > 0 (seconds, at most 60) the server holds the request until
    /// the feed has changes after `cursor`; an empty page with the same cursor when none came.
    public func pull(
        cursor: String? = nil, limit: Int = SyncLimits.defaultPullPage, wait: Int = 0
    ) async throws -> PullResponse {
        var query = [("cursor", cursor), ("limit", Optional(String(limit)))]
        if wait > 0 { query.append(("wait", String(min(wait, 60)))) }
        let spec = HTTPRequestSpec(method: "GET", path: Self.path("/v1/sync/pull", query: query), headers: [Self.protocolHeader])
        return try Self.decodeSync(PullResponse.self, from: try await exchange(spec))
    }

    // MARK: Requests

    static let protocolHeader = HTTPHeader(ProtocolVersion.headerName, String(ProtocolVersion.current))

    static func idempotencyHeaders(_ key: String?) -> [HTTPHeader] {
        key.map { [HTTPHeader("Idempotency-Key", $0)] } ?? []
    }

    /// Sends a bodiless request and decodes the 2xx answer.
    func call<Response: Decodable>(
        _ method: String, _ path: String, headers: [HTTPHeader] = []
    ) async throws -> Response {
        let response = try await exchange(HTTPRequestSpec(method: method, path: path, headers: headers))
        return try Self.decode(Response.self, from: response)
    }

    /// Sends `body` as JSON and decodes the 2xx answer.
    func call<Body: Encodable, Response: Decodable>(
        _ method: String, _ path: String, body: Body, headers: [HTTPHeader] = []
    ) async throws -> Response {
        let data = try SatchelJSON.encoder().encode(body)
        let request = HTTPRequestSpec(
            method: method, path: path, headers: [HTTPHeader("Content-Type", "application/json")] + headers, body: data)
        return try Self.decode(Response.self, from: try await exchange(request))
    }

    /// Adds the common headers, sends, and turns a non-2xx answer into ``TransportError/http(status:problem:retryAfter:)``.
    func exchange(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        var request = request
        request.headers.append(HTTPHeader("Accept", "application/json, \(Problem.mediaType)"))
        if let token { request.headers.append(HTTPHeader("Authorization", "Bearer \(token)")) }
        let response = try await transport.send(request)
        guard (200..<300).contains(response.status) else { throw Self.error(for: response, now: clock()) }
        return response
    }
}
