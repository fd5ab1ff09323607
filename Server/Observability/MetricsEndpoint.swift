import Crypto
import Foundation
import Hummingbird
import Logging
import NIOCore
import SatchelHTTP

/// `GET /metrics`, the Prometheus text exposition of a server's ``ServerMetrics``, kept off the public API:
/// either on a port of its own (``application(metrics:host:port:logger:onServerRunning:)``, for
/// `--metrics-port`), or on the public port behind a token of its own (``register(on:)``, for
/// `--metrics-token`) that a scraper sends as `Authorization: Bearer <token>`.
struct MetricsEndpoint: Sendable {
    /// The path of the endpoint.
    static let path = "/metrics"
    /// The exposition format's media type.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The metrics rendered.
    let metrics: ServerMetrics
    /// The SHA-256 of the scrape token, when `/metrics` is served on the public port.
    let tokenDigest: [UInt8]?

    init(metrics: ServerMetrics, token: String?) {
        self.metrics = metrics
        self.tokenDigest = token.map { Array(SHA256.hash(data: Data($0.utf8))) }
    }

    /// The exposition as a response.
    func response() -> Response {
        Response(
            status: .ok, headers: [.contentType: Self.contentType, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }

    /// Serves `/metrics` on the public router to callers with the token. Register it before the bearer
    /// middleware, which would otherwise take the scrape token for a user's token and refuse it.
    func register(on router: Router<SatchelRequestContext>) {
        router.get("/metrics") { request, _ in
            guard authorized(request.headers[.authorization]) else {
                throw APIError.unauthorized("Scraping /metrics needs 'Authorization: Bearer <metrics token>'.")
            }
            return response()
        }
    }

    /// Whether `header` carries the scrape token; digests are compared so the time taken tells nothing.
    func authorized(_ header: String?) -> Bool {
        guard let tokenDigest, let header, header.lowercased().hasPrefix("bearer ") else { return false }
        let given = Array(SHA256.hash(data: Data(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)))
        return zip(given, tokenDigest).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A separate HTTP server answering only `GET /metrics`, to run beside the API (`--metrics-port`).
    static func application(
        metrics: ServerMetrics, host: String, port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let endpoint = MetricsEndpoint(metrics: metrics, token: nil)
        let router = Router(context: BasicRequestContext.self)
        router.get("/metrics") { _, _ in endpoint.response() }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "satchel-metrics"),
            onServerRunning: onServerRunning, logger: logger)
    }
}
