import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SatchelFetch
import SatchelServer

/// The `satchel-server` command: serves the Satchel API.
@main
struct SatchelServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satchel-server",
        abstract: "Serve the Satchel publication and sync API.",
        discussion: """
            With no options it serves http://127.0.0.1:8080 from satchel.sqlite in the working directory.
            Each option can also be set by an environment variable (SATCHEL_HOST, SATCHEL_PORT,
            SATCHEL_DATABASE_URL or SATCHEL_DATABASE, SATCHEL_DATABASE_POOL_SIZE, SATCHEL_DEMO=1).

            --database takes a SQLite file path, or a PostgreSQL URL so that several server
            processes share one database:
              satchel-server --port 8081 --database postgres://satchel@127.0.0.1:5432/satchel
              satchel-server --port 8082 --database postgres://satchel@127.0.0.1:5432/satchel

            Metrics (Prometheus text format at GET /metrics) are off unless asked for, and never part of
            the public API: --metrics-port serves them on a listener of their own, --metrics-token (or
            SATCHEL_METRICS_TOKEN) on the public port to 'Authorization: Bearer <token>' only.
            Each request is logged as one line (logfmt, or --log-format json) at level info.
            """)

    @Option(help: "Interface to listen on (env SATCHEL_HOST).")
    var host: String = ProcessInfo.processInfo.environment["SATCHEL_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (env SATCHEL_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["SATCHEL_PORT"].flatMap(Int.init) ?? 8080

    @Option(help: "SQLite file path or postgres://user[:password]@host[:port]/database (env SATCHEL_DATABASE_URL).")
    var database: String = ServerEnvironment.database(ProcessInfo.processInfo.environment)

    @Option(help: "Most PostgreSQL connections this process opens (env SATCHEL_DATABASE_POOL_SIZE).")
    var databasePoolSize: Int = ProcessInfo.processInfo.environment["SATCHEL_DATABASE_POOL_SIZE"].flatMap(Int.init) ?? 10

    @Flag(help: "Load demo posts and comments into an empty database (env SATCHEL_DEMO=1).")
    var demo: Bool = ProcessInfo.processInfo.environment["SATCHEL_DEMO"] == "1"

    @Option(help: "bcrypt cost for new passwords (4–16).")
    var bcryptCost: UInt8 = 11

    @Option(help: "Seconds a connection may wait without a complete request head before it is closed (1–3600).")
    var idleTimeout: Double = 30

    @Option(help: "Seconds a request body may take to arrive before the connection is closed (1–3600).")
    var requestBodyTimeout: Double = 60

    @Option(help: "Live-sync clients (waiting pulls, event streams) one account may hold open at once (1–10000).")
    var liveClientsPerAccount: Int = 8

    @Option(help: "Most live-sync clients this process holds open at once (1–1000000).")
    var liveClients: Int = 10_000

    @Option(help: "New accounts one client address may register per hour (1–1000000).")
    var registrationsPerHour: Int = 10

    @Option(help: "Live-sync clients that must leave (from the high point) before freed memory is returned to the system; 0 turns it off (env SATCHEL_MEMORY_TRIM_DROP).")
    var memoryTrimDrop: Int = ProcessInfo.processInfo.environment["SATCHEL_MEMORY_TRIM_DROP"].flatMap(Int.init) ?? 1_000

    @Option(help: "Largest blob (attachment file) in bytes, 256 MiB by default (1–1099511627776).")
    var maxBlobBytes: Int64 = 256 << 20

    @Option(help: "Bytes of blobs and unfinished uploads one account may store, 1 GiB by default (1–1125899906842624).")
    var blobQuotaBytes: Int64 = 1 << 30

    @Option(help: "Hours a blob no record references is kept before it is deleted (0–8760).")
    var blobGraceHours: Double = 24

    @Option(help: "A network POST /v1/captures may fetch from although it is private or reserved (a CIDR such as 198.18.0.0/15, for a proxy); repeat for several (env SATCHEL_CAPTURE_ALLOW, comma-separated).")
    var captureAllow: [String] = ProcessInfo.processInfo.environment["SATCHEL_CAPTURE_ALLOW"].map { [$0] } ?? []

    @Option(help: "How many of a feed's latest entries a new follow takes (0–100, env SATCHEL_FOLLOW_INITIAL_ENTRIES).")
    var followInitialEntries: Int = ProcessInfo.processInfo.environment["SATCHEL_FOLLOW_INITIAL_ENTRIES"].flatMap(Int.init) ?? 3

    @Option(help: "Seconds between two requests to one host when polling feeds (0–60; 1 by default, 0 only for loopback tests).")
    var feedHostInterval: Double = 1

    @Flag(inversion: .prefixedNo, help: "Poll followed feeds in this process (--no-feed-polling leaves it to others).")
    var feedPolling = true

    @Option(help: "Serve GET /metrics on this port, apart from the API (env SATCHEL_METRICS_PORT).")
    var metricsPort: Int?

    @Option(help: "Interface the metrics port listens on (env SATCHEL_METRICS_HOST).")
    var metricsHost: String = ProcessInfo.processInfo.environment["SATCHEL_METRICS_HOST"] ?? "127.0.0.1"

    @Option(help: "Serve GET /metrics on the API port to this bearer token only (env SATCHEL_METRICS_TOKEN).")
    var metricsToken: String?

    @Option(help: "Log line format: logfmt or json (env SATCHEL_LOG_FORMAT).")
    var logFormat: String = ProcessInfo.processInfo.environment["SATCHEL_LOG_FORMAT"] ?? "logfmt"

    @Option(help: "Lowest level logged: trace, debug, info, notice, warning, error, critical (env SATCHEL_LOG_LEVEL).")
    var logLevel: String = ProcessInfo.processInfo.environment["SATCHEL_LOG_LEVEL"] ?? "info"

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard (4...16).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost must be from 4 to 16.") }
        guard (1...3_600).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be from 1 to 3600.") }
        guard (1...3_600).contains(requestBodyTimeout) else {
            throw ValidationError("--request-body-timeout must be from 1 to 3600.")
        }
        guard (1...10_000).contains(liveClientsPerAccount) else {
            throw ValidationError("--live-clients-per-account must be from 1 to 10000.")
        }
        guard (1...1_000_000).contains(liveClients) else { throw ValidationError("--live-clients must be from 1 to 1000000.") }
        guard (1...1_000_000).contains(registrationsPerHour) else {
            throw ValidationError("--registrations-per-hour must be from 1 to 1000000.")
        }
        guard (1...(1 << 40)).contains(maxBlobBytes) else { throw ValidationError("--max-blob-bytes must be from 1 to 1099511627776.") }
        guard (1...(1 << 50)).contains(blobQuotaBytes) else {
            throw ValidationError("--blob-quota-bytes must be from 1 to 1125899906842624.")
        }
        guard (0...8_760).contains(blobGraceHours) else { throw ValidationError("--blob-grace-hours must be from 0 to 8760.") }
        guard (0...100).contains(followInitialEntries) else { throw ValidationError("--follow-initial-entries must be from 0 to 100.") }
        guard (0...60).contains(feedHostInterval) else { throw ValidationError("--feed-host-interval must be from 0 to 60.") }
        guard memoryTrimDrop >= 0 else { throw ValidationError("--memory-trim-drop must be 0 or more.") }
        guard (1...1_000).contains(databasePoolSize) else {
            throw ValidationError("--database-pool-size must be from 1 to 1000.")
        }
        _ = try location()
        _ = try metricsExposure()
        _ = try captureNetworks()
        guard LogFormat(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be logfmt or json.") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical.")
        }
    }

    /// The networks `--capture-allow` names.
    func captureNetworks() throws -> [IPNetwork] {
        do {
            return try IPNetwork.parseList(captureAllow.joined(separator: ","))
        } catch {
            throw ValidationError("--capture-allow must be a network such as 198.18.0.0/15: \(error)")
        }
    }

    func run() async throws {
        let format = LogFormat(rawValue: logFormat) ?? .logfmt
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let logger = Logger(label: "satchel.server") { label in
            StructuredLogHandler(label: label, format: format, level: level, sink: .standardOutput)
        }
        defer { BufferedLineWriter.standardOutput.flush() }
        let location = try location()
        let exposure = try metricsExposure()
        let configuration = ServerConfiguration(
            host: host, port: port, databasePath: database, loadDemoContent: demo, bcryptCost: bcryptCost,
            idleTimeout: idleTimeout, requestBodyTimeout: requestBodyTimeout, metrics: exposure)
        let opened: OpenedStore
        do {
            opened = try OpenedStore(
                location: location, liveFeed: LiveFeedNotifier(capacity: liveClients, perAccount: liveClientsPerAccount),
                logger: logger)
        } catch {
            throw ValidationError("Cannot open the database at \(database): \(error)")
        }
        let dependencies = ServerDependencies(
            store: opened.store, metrics: exposure == .off ? nil : ServerMetrics(),
            passwords: PasswordHasher(cost: bcryptCost),
            registrationRateLimiter: RateLimiter(capacity: registrationsPerHour, per: 3_600, scope: "register"),
            blobLimits: BlobServerLimits(
                maxBlobBytes: maxBlobBytes, quotaBytes: blobQuotaBytes, grace: blobGraceHours * 3_600),
            liveFeed: opened.liveFeed,
            captureFetcher: GuardedFetcher(policy: FetchPolicy(allowedNetworks: try captureNetworks())),
            feedPolling: feedPollingSettings())
        let poller = FeedPoller(dependencies: dependencies, logger: logger)
        let demo = self.demo
        let app = try await SatchelApplication.make(
            configuration: configuration, dependencies: dependencies, logger: logger,
            services: opened.services + [poller] + (memoryTrimDrop > 0
                ? [MemoryTrim(clients: opened.liveFeed.clients, minimumDrop: memoryTrimDrop, logger: logger)] : []),
            beforeServerStarts: {
                try await opened.prepare()
                if demo, try await DemoContent.load(into: dependencies) {
                    logger.info(
                        "Loaded demo content; sign in as 'ada' or 'grace' with password '\(DemoContent.password)'.")
                }
            })
        try await app.runService()
    }

    /// How this process polls followed feeds, from the flags.
    private func feedPollingSettings() -> FeedPollingSettings {
        var settings = FeedPollingSettings()
        settings.enabled = feedPolling
        settings.initialEntries = followInitialEntries
        settings.hostInterval = .milliseconds(Int64((feedHostInterval * 1000).rounded()))
        return settings
    }

    /// Where `/metrics` is served, from `--metrics-port` and `--metrics-token` (one at most).
    private func metricsExposure() throws -> MetricsExposure {
        let environment = ProcessInfo.processInfo.environment
        let metricsPort = self.metricsPort ?? environment["SATCHEL_METRICS_PORT"].flatMap(Int.init)
        let metricsToken = self.metricsToken ?? environment["SATCHEL_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        switch (metricsPort, metricsToken) {
        case (nil, nil):
            return .off
        case (let port?, nil):
            guard (0...65_535).contains(port), port != self.port || port == 0 else {
                throw ValidationError("--metrics-port must be from 0 to 65535 and differ from --port.")
            }
            return .port(host: metricsHost, port: port)
        case (nil, let token?):
            guard token.count >= 16 else { throw ValidationError("--metrics-token must be at least 16 characters.") }
            return .token(token)
        case (_?, _?):
            throw ValidationError("Give --metrics-port or --metrics-token, not both.")
        }
    }

    /// The parsed `--database`, with the pool size applied to a PostgreSQL URL that does not set one.
    private func location() throws -> DatabaseLocation {
        do {
            return try ServerEnvironment.location(database, poolSize: databasePoolSize)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
