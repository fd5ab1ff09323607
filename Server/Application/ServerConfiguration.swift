import Foundation

/// How the server is run: where it listens and where it keeps its data.
public struct ServerConfiguration: Sendable {
    /// Interface to bind. `127.0.0.1` by default.
    public var host: String
    /// Port to bind; 0 picks a free one. 8080 by default.
    public var port: Int
    /// Path of the SQLite database file. `satchel.sqlite` in the working directory by default.
    public var databasePath: String
    /// Load demo posts, authors and comments into an empty database.
    public var loadDemoContent: Bool
    /// bcrypt cost for new passwords.
    public var bcryptCost: UInt8
    /// Seconds a connection may stay without a complete request head: idle keep-alive connections and
    /// clients that send their headers slowly are closed after it. 30 by default.
    public var idleTimeout: TimeInterval
    /// Seconds a request's body may take to arrive, from its head to its end. 60 by default.
    public var requestBodyTimeout: TimeInterval
    /// Where and how `/metrics` is served; off by default.
    public var metrics: MetricsExposure

    /// Creates a configuration; every argument has a default.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, databasePath: String = "satchel.sqlite",
        loadDemoContent: Bool = false, bcryptCost: UInt8 = 11, idleTimeout: TimeInterval = 30,
        requestBodyTimeout: TimeInterval = 60, metrics: MetricsExposure = .off
    ) {
        self.idleTimeout = idleTimeout
        self.requestBodyTimeout = requestBodyTimeout
        self.metrics = metrics
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.loadDemoContent = loadDemoContent
        self.bcryptCost = bcryptCost
    }
}
