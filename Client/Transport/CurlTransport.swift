import Foundation

/// Sends requests to one Satchel server with libcurl: keep-alive connections, gzip, TLS and timeouts.
///
/// Transfers run on a few threads of the transport's own (at most ``Configuration/maxConnections``),
/// never on Swift's cooperative pool: `curl_easy_perform` blocks its thread for the whole exchange.
/// Each thread keeps one curl handle, so its connection stays open between requests.
///
/// ```swift
/// let transport = CurlTransport(baseURL: "https://news.example.com")
/// let api = SatchelAPI(transport: transport)
/// let page = try await api.posts(limit: 10)
/// ```
public final class CurlTransport: HTTPTransport, Sendable {
    /// How the transport connects; every argument of the initialiser has a default.
    public struct Configuration: Sendable {
        /// Longest wait for a connection (TCP and TLS handshakes), in seconds. 10 by default.
        public var connectTimeout: TimeInterval
        /// Longest time one request may take from start to last byte, in seconds. 60 by default.
        public var totalTimeout: TimeInterval
        /// Whether to check the server's TLS certificate and host name. On by default; turn off only for tests.
        public var verifyTLS: Bool
        /// The `User-Agent` header. `satchel/1` by default.
        public var userAgent: String
        /// Most transfers (and so open connections) at once; further requests wait their turn. 4 by default.
        public var maxConnections: Int

        /// Creates a configuration.
        public init(
            connectTimeout: TimeInterval = 10, totalTimeout: TimeInterval = 60, verifyTLS: Bool = true,
            userAgent: String = "satchel/1", maxConnections: Int = 4
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.verifyTLS = verifyTLS
            self.userAgent = userAgent
            self.maxConnections = maxConnections
        }
    }

    /// The server's address without a trailing slash, e.g. `https://news.example.com`.
    public let baseURL: String
    /// How the transport connects.
    public let configuration: Configuration
    private let pool: CurlWorkerPool

    /// Creates a transport for the server at `baseURL`; threads and connections are made on first use.
    public init(baseURL: String, configuration: Configuration = .init()) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.configuration = configuration
        self.pool = CurlWorkerPool(configuration: configuration)
    }

    deinit {
        pool.shutDown()
    }

    /// Sends a request; throws ``TransportError/network(_:)`` when no response arrived and
    /// `CancellationError` when the task was cancelled first.
    public func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        let path = request.path.hasPrefix("/") ? request.path : "/" + request.path
        let job = CurlJob(request: request, url: baseURL + path)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if job.attach(continuation) { pool.submit(job) }
            }
        } onCancel: {
            job.cancel()
        }
    }

    /// New connections opened so far (curl's `CURLINFO_NUM_CONNECTS`, summed): stays small when keep-alive works.
    var connectionsOpened: Int { pool.connectionsOpened }
}
