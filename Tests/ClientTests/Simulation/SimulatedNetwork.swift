import Foundation
import SatchelShared
@testable import SatchelClient
@testable import SatchelServer
@testable import SatchelHTTP

/// One client's link to the simulated server: it loses requests and responses at a seeded rate, can be
/// cut off (offline), can make the server restart around a push, sends each request to either server
/// process when there are two, and tells the ledger what the server acknowledged and what the client was shown.
final class FlakySyncServer: SyncServer, @unchecked Sendable {
    let server: SimulatedServer
    let client: Int
    let ledger: SimulationLedger
    private let lock = NSLock()
    private var generator: SeededGenerator
    private var lossRate: Double
    private var restartRate: Double
    private var offline = false
    /// Picks the server process of each request (its own generator, so worlds with one process replay as before).
    private var nodePicker: SeededGenerator
    private var lastNode = 0

    init(server: SimulatedServer, client: Int, ledger: SimulationLedger, seed: UInt64, lossRate: Double, restartRate: Double) {
        self.server = server
        self.client = client
        self.ledger = ledger
        self.generator = SeededGenerator(seed: seed)
        self.nodePicker = SeededGenerator(seed: seed ^ 0xD1B5_4A32_D192_ED03)
        self.lossRate = lossRate
        self.restartRate = restartRate
    }

    /// Heals the link: no loss, no restarts, online.
    func heal() { lock.withLock { lossRate = 0; restartRate = 0; offline = false } }

    func setOffline(_ value: Bool) { lock.withLock { offline = value } }

    private func lose() -> Bool {
        lock.withLock { offline || Double.random(in: 0..<1, using: &generator) < lossRate }
    }

    /// The server process this request goes to; a change from the last one is a switch.
    private func node() -> Int {
        let count = server.nodeCount
        guard count > 1 else { return 0 }
        let (node, switched) = lock.withLock { () -> (Int, Bool) in
            let node = Int.random(in: 0..<count, using: &nodePicker)
            defer { lastNode = node }
            return (node, node != lastNode)
        }
        if switched { ledger.count(\.serverSwitches) }
        return node
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
        let service = server.service(node: node())
        let response = try await translated { try await service.push(request, user: server.user) }
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

    func pull(cursor: String?, limit: Int, wait: Int) async throws -> PullResponse {
        if lose() { throw TransportError.network("request lost") }
        let service = server.service(node: node())
        let body = try await translated { try await service.pull(user: server.user, cursor: cursor, limit: limit).body }
        let response = try PullResponse.decode(body)
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
