import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelFetch
import SatchelShared
import Testing
@testable import SatchelServer

/// A real Satchel server on a loopback port with its own database (SQLite unless asked), and a JSON client for it.
struct LiveServer {
    let client: any TestClientProtocol
    let dependencies: ServerDependencies

    /// Starts a fresh server, runs `body` against it over real HTTP, and stops it.
    static func run(
        kind: StoreKind = .sqlite, rateLimiter: RateLimiter = RateLimiter(capacity: 1_000, per: 1),
        loginThrottle: LoginThrottle = LoginThrottle(),
        registrationLimiter: RateLimiter = RateLimiter(capacity: 1_000, per: 1, scope: "register"),
        clock: @escaping @Sendable () -> Date = { Date() },
        passwords: PasswordHasher = PasswordHasher(cost: 4, runsAtIdlePriority: false),
        configuration: ServerConfiguration = ServerConfiguration(host: "127.0.0.1", port: 0),
        store: (any ServerStore)? = nil,
        liveFeed: LiveFeedNotifier = LiveFeedNotifier(),
        blobLimits: BlobServerLimits = BlobServerLimits(),
        captureFetcher: GuardedFetcher = GuardedFetcher(),
        _ body: @Sendable (LiveServer) async throws -> Void
    ) async throws {
        let store = if let store { store } else { try await kind.makeStore() }
        let dependencies = ServerDependencies(
            store: store, passwords: passwords, commentRateLimiter: rateLimiter, loginThrottle: loginThrottle,
            registrationRateLimiter: registrationLimiter, blobLimits: blobLimits,
            clock: clock, liveFeed: liveFeed, captureFetcher: captureFetcher)
        let app = try await SatchelApplication.make(configuration: configuration, dependencies: dependencies)
        try await app.test(.live) { client in
            try await body(LiveServer(client: client, dependencies: dependencies))
        }
    }

    /// Sends a request; `json` is encoded with the Satchel conventions, `raw` is sent as is.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, json: (any Encodable)? = nil, raw: String? = nil,
        token: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: try SatchelJSON.encoder().encode(json))
            headers[.contentType] = "application/json"
        } else if let raw {
            body = ByteBuffer(string: raw)
            headers[.contentType] = "application/json"
        }
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
    }

    /// Sends a sync message in its wire coding.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, sync message: some SyncWireCodable, token: String? = nil
    ) async throws -> TestResponse {
        try await send(method, path, raw: String(decoding: message.encodedData(), as: UTF8.self), token: token)
    }

    /// Registers an account and returns it with its token; `role` is granted by `admin` when given.
    func register(_ username: String, role: Role? = nil, adminToken: String? = nil) async throws -> (User, String) {
        let response = try await send(
            .post, "/v1/accounts",
            json: RegisterRequest(username: username, password: "correct horse", email: "\(username)@example.com"))
        #expect(response.status == .created)
        let registered = try response.decode(RegisterResponse.self)
        var user = registered.user
        if let role, let adminToken {
            let changed = try await send(.patch, "/v1/users/\(user.id)", json: UpdateUserRequest(role: role), token: adminToken)
            #expect(changed.status == .ok)
            user = try changed.decode(User.self)
        }
        return (user, registered.token)
    }

    /// An admin (the first account) and an author, ready to write posts.
    func adminAndAuthor() async throws -> (admin: String, author: String, authorUser: User) {
        let (_, admin) = try await register("admin")
        let (author, token) = try await register("author", role: .author, adminToken: admin)
        return (admin, token, author)
    }

    /// Creates a published post as `token` and returns it.
    func createPost(_ request: CreatePostRequest, token: String) async throws -> Post {
        let response = try await send(.post, "/v1/posts", json: request, token: token)
        #expect(response.status == .created, "\(response.bodyText)")
        return try response.decode(Post.self)
    }
}

extension TestResponse {
    /// Decodes the body with the Satchel conventions.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try SatchelJSON.decoder().decode(T.self, from: Data(buffer: body))
    }

    /// Reads the body as a sync message.
    func decode<T: SyncWireCodable>(_ type: T.Type) throws -> T {
        try T.decode(Data(buffer: body))
    }

    /// The body as text.
    var bodyText: String { String(buffer: body) }

    /// The body as a problem document, checking the media type.
    func problem() throws -> Problem {
        #expect(headers[.contentType] == Problem.mediaType)
        return try decode(Problem.self)
    }
}
