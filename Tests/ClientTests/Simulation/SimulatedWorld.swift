import Foundation
import SatchelShared
@testable import SatchelClient
@testable import SatchelServer
import SatchelSync

/// One seed's world: a server, a post to comment on, the client machines, and the ledger of what the
/// server acknowledged. Runs a script step by step, heals the network, and lets the oracles judge.
final class SimulatedWorld: @unchecked Sendable {
    let script: SimulationScript
    let clock = SimulatedClock()
    let ledger = SimulationLedger()
    let server: SimulatedServer
    let directory: URL
    var clients: [SimulatedClient] = []

    var kind: SimulationWorldKind { script.world }
    var seed: UInt64 { script.seed }

    init(script: SimulationScript, policy: MergePolicy = .standard) async throws {
        self.script = script
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("satchel-sim-\(script.world.rawValue)-\(script.seed)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if script.world.usesPostgres {
            server = SimulatedServer(pair: try await SimulatedPostgres.pair(), clock: clock, policy: policy, ledger: ledger)
        } else {
            server = try SimulatedServer(
                path: directory.appendingPathComponent("server.sqlite").path, clock: clock, policy: policy, ledger: ledger)
        }
        try await server.seed()
        for index in 0..<script.clientCount {
            let network = FlakySyncServer(
                server: server, client: index, ledger: ledger, seed: script.seed &* 31 &+ UInt64(index),
                lossRate: script.lossRate, restartRate: script.restartRate)
            let skewed = SkewedClock(world: clock, offset: TimeInterval(script.clockOffsets[index]))
            clients.append(try SimulatedClient(
                index: index, directory: directory, network: network, clock: skewed, worldClock: clock))
        }
    }

    /// Runs the whole script, settles, and returns every oracle's complaints (empty when all hold).
    static func run(_ script: SimulationScript, policy: MergePolicy = .standard) async throws
        -> (failures: [String], counts: SimulationCounts)
    {
        let world = try await SimulatedWorld(script: script, policy: policy)
        defer { try? FileManager.default.removeItem(at: world.directory) }
        try await world.run(script.steps)
        try await world.settle()
        let failures = try await SimulationOracles(world: world).check()
        var counts = world.ledger.totals
        counts.seeds = 1
        counts.operations = script.steps.count
        return (failures, counts)
    }

    func run(_ steps: [SimulationStep]) async throws {
        for step in steps {
            clock.advance(Double(step.advanceMillis) / 1000)
            switch step.action {
            case .operate(let client, let roll, let pick, let value):
                try clients[client].operate(roll: roll, pick: pick, value: value, world: self)
            case .sync(let client):
                _ = try? await clients[client].store.sync()
                try clients[client].refreshRecords()
            case .restartServer:
                try server.restart()
            case .purgeTombstones:
                try await server.purgeTombstones()
            case .offline(let client, let offline):
                clients[client].network.setOffline(offline)
            case .backup(let client):
                try clients[client].takeBackup()
            case .restore(let client):
                try clients[client].restoreBackup(worldClock: clock)
                try clients[client].refreshRecords()
            case .shiftClock(let client, let seconds):
                clients[client].clock.shift(TimeInterval(seconds))
                ledger.count(\.clockJumps)
            }
        }
    }

    /// Heals the network and syncs every client until all agree.
    func settle() async throws {
        for client in clients { client.network.heal() }
        for _ in 0..<2 {
            for client in clients { try await client.store.sync() }
        }
    }
}
