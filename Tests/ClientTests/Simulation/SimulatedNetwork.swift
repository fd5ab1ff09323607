import Foundation
import Shared
@testable import Client
@testable import Server

/// One client's link to the simulated server: it loses requests and responses at a seeded rate, can be
/// cut off (offline), can make the server restart around a push, and tells the ledger what the server
/// acknowledged and what the client was shown.
final class FlakySyncServer: SyncServer, @unchecked Sendable {
    let server: SimulatedServer
    let client: Int
    let ledger: SimulationLedger
    private let lock = NSLock()
    private var generator: SeededGenerator
    private var lossRate: Double
    private var restartRate: Double
    private var offline = false

    init(server: SimulatedServer, client: Int, ledger: SimulationLedger, seed: UInt64, lossRate: Double, restartRate: Double) {
        self.server = server
        self.client = client
        self.ledger = ledger
        self.generator = SeededGenerator(seed: seed)
        self.lossRate = lossRate
        self.restartRate = restartRate
    }

    /// Heals the link: no loss, no restarts, online.
    func heal() { lock.withLock { lossRate = 0; restartRate = 0; offline = false } }

    func setOffline(_ value: Bool) { lock.withLock { offline = value } }

    private func lose() -> Bool {
        lock.withLock { offline || Double.random(in: 0..<1, using: &generator) < lossRate }
    }

    private func restarts() -> Bool {
        lock.withLock { restartRate > 0 && Double.random(in: 0..<1, using: &generator) < restartRate }
    }

    func push(_ request: PushRequest) async throws -> PushResponse {
        if lose() { throw TransportError.network("request lost") }
        if restarts() {
            // The server dies before the batch commits: nothing was applied.
            try server.restart()
            throw TransportError.network("server restarted before the push committed")
        }
        let now = server.clock.now
        let response = try await translated { try await server.service.push(request, user: server.user) }
        ledger.acknowledge(request.mutations, response.results, client: client, serverNow: now)
        if restarts() {
            // The server dies after the commit, before the answer leaves it.
            try server.restart()
            throw TransportError.network("server restarted before answering the push")
        }
        if lose() { throw TransportError.network("response lost") }
        ledger.delivered(push: response.results, to: client)
        return response
    }

    func pull(cursor: String?, limit: Int) async throws -> PullResponse {
        if lose() { throw TransportError.network("request lost") }
        let response = try await translated { try await server.service.pull(user: server.user, cursor: cursor, limit: limit) }
        if lose() { throw TransportError.network("response lost") }
        ledger.delivered(pull: response.changes, to: client)
        return response
    }

    private func translated<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as APIError {
            if error.problem.status == 410 { ledger.count(\.cursorExpired) }
            throw TransportError.http(status: error.problem.status, problem: error.problem, retryAfter: nil)
        }
    }
}

/// The server of one simulated world: a real SQLite file behind the real sync service, which can be
/// closed and reopened (a restart) at any moment between two requests.
final class SimulatedServer: @unchecked Sendable {
    let path: String
    let clock: SimulatedClock
    let policy: MergePolicy
    let ledger: SimulationLedger
    private let lock = NSLock()
    private var store: SQLiteStore
    private var currentDependencies: ServerDependencies
    private(set) var user: User!
    private(set) var post: Post!

    init(path: String, clock: SimulatedClock, policy: MergePolicy, ledger: SimulationLedger) throws {
        self.path = path
        self.clock = clock
        self.policy = policy
        self.ledger = ledger
        store = try SQLiteStore(path: path)
        currentDependencies = Self.dependencies(store, clock: clock)
    }

    /// Creates the reader and the post the clients comment on.
    func seed() async throws {
        let now = clock.now
        user = try await store.createUser(StoredUser(
            user: User(id: UUID(), username: "reader", displayName: "Reader", email: "r@example.com", role: .author,
                       createdAt: now), passwordHash: "x"))
        post = try await store.createPost(Post(
            id: UUID(), slug: "p", title: "P", excerpt: "", body: "b", author: user.author, tags: [], status: .published,
            publishedAt: now, createdAt: now, updatedAt: now, wordCount: 1, readingTimeMinutes: 1,
            commentStatus: .open, commentCount: 0, version: 1))
    }

    var dependencies: ServerDependencies { lock.withLock { currentDependencies } }

    /// The sync service over the current store, with the world's merge rules.
    var service: SyncService {
        var service = SyncService(dependencies: dependencies)
        service.mergePolicy = policy
        return service
    }

    /// Closes the store and opens the file again, as a restarted process would.
    func restart() throws {
        try lock.withLock {
            try store.pool.close()
            store = try SQLiteStore(path: path)
            currentDependencies = Self.dependencies(store, clock: clock)
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
}

/// A deterministic SplitMix64 generator, so every simulation replays from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The true time of one simulated world; the server reads it as it is, each client through its own skew.
final class SimulatedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// A client machine's clock: the world's time plus an offset that may change (a clock set backwards).
final class SkewedClock: @unchecked Sendable {
    private let lock = NSLock()
    private let world: SimulatedClock
    private var offset: TimeInterval
    init(world: SimulatedClock, offset: TimeInterval) {
        self.world = world
        self.offset = offset
    }
    var now: Date { world.now + lock.withLock { offset } }
    func shift(_ seconds: TimeInterval) { lock.withLock { offset += seconds } }
}
