import Foundation
import SatchelShared
import Testing
@testable import SatchelClient
@testable import SatchelServer
@testable import SatchelStores

/// A real server on a loopback port and two client stores in separate SQLite files, talking HTTP
/// through libcurl: "machine A" and "machine B" of one reader.
struct TwoMachines {
    let a: LocalStore
    let b: LocalStore
    let api: SatchelAPI
    let baseURL: String
    let dependencies: ServerDependencies
    let directory: URL

    /// Starts a server, registers a reader, opens both stores, runs `body`.
    static func run(
        wrapA: @escaping @Sendable (any HTTPTransport) -> any HTTPTransport = { $0 },
        _ body: @Sendable (TwoMachines) async throws -> Void
    ) async throws {
        try await TestServer.run { baseURL, dependencies in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-e2e-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let anonymous = SatchelAPI(transport: CurlTransport(baseURL: baseURL))
            let account = try await anonymous.register(username: "reader", password: "correct horse", email: "r@example.com")
            let apiA = SatchelAPI(transport: wrapA(CurlTransport(baseURL: baseURL)), token: account.token)
            let apiB = SatchelAPI(transport: CurlTransport(baseURL: baseURL), token: account.token)
            let a = try LocalStore(path: directory.appendingPathComponent("machine-a.sqlite").path, server: apiA)
            let b = try LocalStore(path: directory.appendingPathComponent("machine-b.sqlite").path, server: apiB)
            try await body(TwoMachines(a: a, b: b, api: apiB, baseURL: baseURL, dependencies: dependencies, directory: directory))
        }
    }
}

extension TwoMachines {
    /// A published post, open for comments, by a new author written straight into the server's store.
    func publishedPost(slug: String, title: String) async throws -> Post {
        let author = try await dependencies.accounts.createUser(StoredUser(
            user: User(id: UUID(), username: "writer", displayName: "Writer", email: "w@example.com", role: .author,
                       createdAt: Date()), passwordHash: "x"))
        let now = Date()
        return try await dependencies.posts.createPost(Post(
            id: UUID(), slug: slug, title: title, excerpt: "", body: "b", author: author.author, tags: [],
            status: .published, publishedAt: now, createdAt: now, updatedAt: now, wordCount: 1, readingTimeMinutes: 1,
            commentStatus: .open, commentCount: 0, version: 1))
    }
}

/// Drops the response of the first push it carries, after the server has processed it.
final class LoseFirstPushResponse: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport
    private let lock = NSLock()
    private var lost = false

    init(_ inner: any HTTPTransport) { self.inner = inner }

    var didLose: Bool { lock.withLock { lost } }

    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        let response = try await inner.send(request)
        let drop = lock.withLock { () -> Bool in
            guard request.path.hasPrefix("/v1/sync/push"), !lost else { return false }
            lost = true
            return true
        }
        if drop { throw TransportError.network("connection reset after the request was sent (simulated)") }
        return response
    }
}
