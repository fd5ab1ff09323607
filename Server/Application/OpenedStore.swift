import Foundation
import Logging
import ServiceLifecycle
import SatchelStores

/// A store opened from a ``DatabaseLocation``, with what must run beside it and before serving.
///
/// ```swift
/// let opened = try OpenedStore(location: try DatabaseLocation(parsing: "postgres://satchel@db/satchel"))
/// let app = try await SatchelApplication.make(
///     configuration: ServerConfiguration(),
///     dependencies: ServerDependencies(store: opened.store, liveFeed: opened.liveFeed),
///     services: opened.services, beforeServerStarts: opened.prepare)
/// ```
public struct OpenedStore: Sendable {
    /// The store.
    public let store: any SatchelStore
    /// Services the store needs running (PostgreSQL's connection pool and feed listener); none for SQLite.
    public let services: [any Service]
    /// Wakes this process's live-sync waiters; on PostgreSQL also for commits made by other processes.
    public let liveFeed: LiveFeedNotifier
    /// Work to finish before serving, once the services run (PostgreSQL's migrations).
    public let prepare: @Sendable () async throws -> Void

    /// Opens the store at `location`: SQLite opens and migrates its file at once; PostgreSQL creates
    /// its pool, which connects once its service runs, and migrates in `prepare`.
    public init(
        location: DatabaseLocation, liveFeed: LiveFeedNotifier = LiveFeedNotifier(),
        logger: Logger = Logger(label: "satchel.store")
    ) throws {
        self.liveFeed = liveFeed
        switch location {
        case .sqlite(let path):
            store = try SQLiteStore(path: path, logger: logger)
            services = []
            prepare = {}
        case .postgres(let configuration):
            let postgres = PostgresStore(configuration: configuration, logger: logger)
            store = postgres
            services = [postgres, PostgresFeedListener(configuration: configuration, notifier: liveFeed, logger: logger)]
            prepare = { try await postgres.migrate() }
        }
    }
}
