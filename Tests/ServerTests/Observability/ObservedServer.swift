import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
@testable import SatchelServer

/// A live server with its own metrics (served on the public port behind ``scrapeToken``) and its
/// request log captured in memory, for the observability tests.
struct ObservedServer {
    /// The scrape token of every observed server.
    static let scrapeToken = "scrape-token-for-tests-0123456789"

    let live: LiveServer
    let metrics: ServerMetrics
    let logs: LogCapture

    /// Starts a fresh server with metrics on, runs `body` against it over real HTTP, and stops it.
    static func run(
        kind: StoreKind = .sqlite, rateLimiter: RateLimiter = RateLimiter(capacity: 1_000, per: 1),
        format: LogFormat = .logfmt, store: (any ServerStore)? = nil,
        _ body: @Sendable (ObservedServer) async throws -> Void
    ) async throws {
        let store = if let store { store } else { try await kind.makeStore() }
        let metrics = ServerMetrics()
        let logs = LogCapture()
        let dependencies = ServerDependencies(
            store: store, metrics: metrics, passwords: PasswordHasher(cost: 4), commentRateLimiter: rateLimiter)
        let logger = Logger(label: "satchel.server") { label in
            StructuredLogHandler(label: label, format: format, level: .info, sink: logs.sink)
        }
        let app = try await SatchelApplication.make(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, metrics: .token(scrapeToken)),
            dependencies: dependencies, logger: logger)
        try await app.test(.live) { client in
            try await body(ObservedServer(
                live: LiveServer(client: client, dependencies: dependencies), metrics: metrics, logs: logs))
        }
    }

    /// `GET /metrics` with the scrape token, parsed.
    func scrape() async throws -> Exposition {
        let response = try await live.send(.get, "/metrics", headers: [.authorization: "Bearer \(Self.scrapeToken)"])
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
        return try Exposition(parsing: response.bodyText)
    }
}

/// Log lines written to memory.
final class LogCapture: Sendable {
    private let captured = Mutex<[String]>([])

    /// The sink that appends here.
    var sink: LogSink { LogSink { line in self.captured.withLock { $0.append(line) } } }

    /// Every line so far.
    var lines: [String] { captured.withLock { $0 } }

    /// The request lines (`msg=request`).
    var requestLines: [String] { lines.filter { $0.contains("msg=request") || $0.contains("\"msg\":\"request\"") } }
}
