import Foundation
import SatchelShared
@testable import SatchelClient
@testable import SatchelServer
import SatchelTestSupport
import SatchelSync
@testable import SatchelStores

/// The server of one simulated world behind the real sync service: either a real SQLite file, which can be
/// closed and reopened (a restart) at any moment between two requests, or two server processes' stores
/// over one PostgreSQL database (each with its own connection pool), which the clients' requests switch between.
final class SimulatedServer: @unchecked Sendable {
    /// Where the world's data lives.
    enum Backend {
        /// One SQLite file, reopened on a restart.
        case sqlite(path: String)
        /// Two stores over one PostgreSQL database, as two server processes.
        case postgresPair
    }

    let backend: Backend
    let clock: SimulatedClock
    let policy: MergePolicy
    let ledger: SimulationLedger
    private let lock = NSLock()
    private var sqlite: SQLiteStore?
    /// One set of dependencies per server process.
    private var nodes: [ServerDependencies]
    private(set) var user: User!
    private(set) var post: Post!

    /// A server over a new SQLite file at `path`. Its commits do not wait for the disk: the simulation kills
    /// and restarts processes but never cuts the power (the clients' files are opened the same way).
    init(path: String, clock: SimulatedClock, policy: MergePolicy, ledger: SimulationLedger) throws {
        backend = .sqlite(path: path)
        self.clock = clock
        self.policy = policy
        self.ledger = ledger
        let store = try SQLiteStore(path: path, fsyncEveryCommit: false)
        sqlite = store
        nodes = [Self.dependencies(store, clock: clock)]
    }

    /// Two server processes over the PostgreSQL stores `pair` (one database, two pools).
    init(pair: [PostgresStore], clock: SimulatedClock, policy: MergePolicy, ledger: SimulationLedger) {
        backend = .postgresPair
        self.clock = clock
        self.policy = policy
        self.ledger = ledger
        nodes = pair.map { Self.dependencies($0, clock: clock) }
    }

    /// How many server processes the clients can reach.
    var nodeCount: Int { lock.withLock { nodes.count } }

    /// Creates the reader and the post the clients comment on (unique names: a PostgreSQL database is
    /// shared by every world of the test process).
    func seed() async throws {
        let now = clock.now
        let tag = UUID().uuidString.prefix(8).lowercased()
        user = try await dependencies.accounts.createUser(StoredUser(
            user: User(id: UUID(), username: "reader-\(tag)", displayName: "Reader", email: "r-\(tag)@example.com",
                       role: .author, createdAt: now), passwordHash: "x"))
        post = try await dependencies.posts.createPost(Post(
            id: UUID(), slug: "p-\(tag)", title: "P", excerpt: "", body: "b", author: user.author, tags: [],
            status: .published, publishedAt: now, createdAt: now, updatedAt: now, wordCount: 1, readingTimeMinutes: 1,
            commentStatus: .open, commentCount: 0, version: 1))
    }

    /// The first server process's dependencies.
    var dependencies: ServerDependencies { dependencies(node: 0) }

    /// The dependencies of server process `node`.
    func dependencies(node: Int) -> ServerDependencies { lock.withLock { nodes[node % nodes.count] } }

    /// The sync service of the first server process, with the world's merge rules.
    var service: SyncService { service(node: 0) }

    /// The sync service of server process `node`, with the world's merge rules.
    func service(node: Int) -> SyncService {
        var service = SyncService(dependencies: dependencies(node: node))
        service.mergePolicy = policy
        return service
    }

    /// Closes the SQLite store and opens the file again, as a restarted process would. The PostgreSQL
    /// pair is never restarted (its world has no restarts).
    func restart() throws {
        guard case .sqlite(let path) = backend else { return }
        try lock.withLock {
            try sqlite?.pool.close()
            let store = try SQLiteStore(path: path, fsyncEveryCommit: false)
            sqlite = store
            nodes = [Self.dependencies(store, clock: clock)]
        }
        ledger.count(\.restarts)
    }

    /// Purges every tombstone written before now: the horizon passes.
    func purgeTombstones() async throws {
        let purged = try await dependencies.sync.purgeTombstones(before: clock.now)
        ledger.count(\.purges)
        ledger.add(\.tombstonesPurged, purged)
    }

    private static func dependencies(_ store: SQLiteStore, clock: SimulatedClock) -> ServerDependencies {
        ServerDependencies(
            store: store, passwords: PasswordHasher(cost: 4), commentRateLimiter: RateLimiter(capacity: 1_000_000, per: 1),
            clock: { clock.now })
    }

    private static func dependencies(_ store: PostgresStore, clock: SimulatedClock) -> ServerDependencies {
        ServerDependencies(
            store: store, passwords: PasswordHasher(cost: 4), commentRateLimiter: RateLimiter(capacity: 1_000_000, per: 1),
            clock: { clock.now })
    }
}

/// Two server processes' stores over one PostgreSQL database, made once per test process and shared by
/// every `pgpair` world (each world has a reader and a post of its own, so worlds never meet).
enum SimulatedPostgres {
    /// Why the PostgreSQL world cannot run here, or `nil` when it can.
    static var unavailableReason: String? { PostgresTestDatabase.unavailableReason }

    /// Whether a PostgreSQL server is named.
    static var isAvailable: Bool { unavailableReason == nil }

    /// The two stores, migrated, their pools running for the rest of the process.
    static func pair() async throws -> [PostgresStore] { try await shared.value }

    private static let shared = Task<[PostgresStore], any Error> {
        if let reason = unavailableReason { throw SimulationUnavailable(reason: reason) }
        let database = try await PostgresTestDatabase.makeDatabase(prefix: "sim", poolSize: 6)
        let stores = [PostgresStore(configuration: database), PostgresStore(configuration: database)]
        for store in stores {
            // The pools run until the test process ends, as the two server processes would.
            Task { try await store.run() }
        }
        for store in stores { try await store.migrate() }
        return stores
    }
}

/// A world that cannot run on this machine, with the reason.
struct SimulationUnavailable: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
