import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import SatchelStores
import SatchelSync

/// Carries feed wake-ups between server processes over one PostgreSQL database: listens on
/// ``PostgresStore/feedChannel`` on a connection of its own and wakes this process's waiters for the
/// user id in each notification (every push transaction `NOTIFY`s it at commit).
///
/// When the listening connection drops it reconnects with exponential backoff and jitter, and once
/// listening again wakes every waiter once: a notification sent while it was away is lost, so each
/// waiter re-reads its feed rather than wait on it.
///
/// ```swift
/// let listener = PostgresFeedListener(configuration: database, notifier: dependencies.liveFeed)
/// // run it beside the server: SatchelApplication.make(…, services: [store, listener])
/// ```
public struct PostgresFeedListener: Service {
    /// Application name of the listening connection (visible in `pg_stat_activity`).
    public static let applicationName = "satchel-feed-listener"

    let configuration: PostgresStoreConfiguration
    let notifier: LiveFeedNotifier
    let logger: Logger
    /// Shortest and longest pause before reconnecting.
    let backoff: (first: Duration, most: Duration)

    /// Creates the listener; it connects when run.
    public init(
        configuration: PostgresStoreConfiguration, notifier: LiveFeedNotifier,
        logger: Logger = Logger(label: "satchel.live"),
        backoff: (first: Duration, most: Duration) = (.milliseconds(50), .seconds(5))
    ) {
        self.configuration = configuration
        self.notifier = notifier
        self.logger = logger
        self.backoff = backoff
    }

    /// Listens until cancelled or the service group shuts down, reconnecting whenever the connection drops.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await listenUntilCancelled()
        }
    }

    private func listenUntilCancelled() async {
        var failures = 0
        var listenedBefore = false
        var connectionId = 0
        while !Task.isCancelled {
            connectionId += 1
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: try connectionConfiguration(), id: connectionId, logger: logger)
                defer { Task { try? await connection.close() } }
                try await connection.listen(on: PostgresStore.feedChannel) { notifications in
                    if listenedBefore {
                        logger.info("feed listener reconnected; waking every waiter once")
                        notifier.wakeAll()
                    }
                    listenedBefore = true
                    failures = 0
                    for try await notification in notifications {
                        if let userId = UUID(uuidString: notification.payload) { notifier.feedMoved(userId: userId) }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("feed listener lost its connection", metadata: ["error": "\(error)"])
            }
            failures += 1
            let policy = Backoff(initial: backoff.first.inSeconds, maximum: backoff.most.inSeconds)
            let pause = policy.delay(attempt: failures, retryAfter: nil, random: .random(in: 0..<1))
            try? await Task.sleep(for: .seconds(interval: pause))
        }
    }

    private func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch configuration.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        var connection = PostgresConnection.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: tls)
        connection.options.additionalStartupParameters = [("application_name", Self.applicationName)]
        return connection
    }
}
