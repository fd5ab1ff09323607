import Foundation
import Shared
@testable import Client
@testable import Server

/// A `SyncServer` that calls the real server's sync service in process, losing requests and
/// responses at a seeded rate: the network of the simulation.
final class FlakySyncServer: SyncServer, @unchecked Sendable {
    let service: SyncService
    let user: User
    private let lock = NSLock()
    private var generator: SeededGenerator
    private var lossRate: Double

    init(service: SyncService, user: User, seed: UInt64, lossRate: Double) {
        self.service = service
        self.user = user
        self.generator = SeededGenerator(seed: seed)
        self.lossRate = lossRate
    }

    func setLossRate(_ rate: Double) { lock.withLock { lossRate = rate } }

    private func lose() -> Bool {
        lock.withLock { Double.random(in: 0..<1, using: &generator) < lossRate }
    }

    func push(_ request: PushRequest) async throws -> PushResponse {
        if lose() { throw TransportError.network("request lost") }
        let response = try await translated { try await service.push(request, user: user) }
        if lose() { throw TransportError.network("response lost") }
        return response
    }

    func pull(cursor: String?, limit: Int) async throws -> PullResponse {
        if lose() { throw TransportError.network("request lost") }
        let response = try await translated { try await service.pull(user: user, cursor: cursor, limit: limit) }
        if lose() { throw TransportError.network("response lost") }
        return response
    }

    private func translated<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as APIError {
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

/// A simulated clock shared by the server and the clients of one seed.
final class SimulatedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}
