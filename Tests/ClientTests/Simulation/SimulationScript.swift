import Foundation

/// The situations a simulated world can be put in; each is a switch over the same simulation.
enum SimulationWorldKind: String, CaseIterable, Sendable {
    /// Three machines, a lossy network, one SQLite server.
    case standard
    /// Client clocks minutes and hours off, and one clock set back by an hour or two mid-run.
    case skew
    /// The server closes and reopens its store between pushes, and around pushes (before or after commit).
    case restart
    /// One machine stays offline while the tombstone horizon passes; it catches up through 410.
    case horizon
    /// Five to eight machines, a thousand operations each.
    case crowd
    /// One machine is restored from an older copy of its database file.
    case restore
    /// Machines resolve open conflicts while the others keep editing.
    case resolve
    /// Two server processes over one PostgreSQL database; each request of each machine goes to either.
    case pgpair

    /// Whether the world's server is the PostgreSQL pair (which needs `SATCHEL_TEST_POSTGRES_URL`).
    var usesPostgres: Bool { self == .pgpair }

    /// Why the world cannot run on this machine, or `nil` when it can.
    var unavailableReason: String? { usesPostgres ? SimulatedPostgres.unavailableReason : nil }

    /// How many machines share the reader's data.
    func clientCount(seed: UInt64) -> Int { self == .crowd ? 5 + Int(seed % 4) : 3 }

    /// Operations per machine.
    var operationsPerClient: Int { self == .crowd ? 1_000 : 200 }

    /// Whether clients resolve open conflicts as one of their operations.
    var resolvesConflicts: Bool { self == .resolve || self == .crowd }

    /// The worlds `make sim` and `make test` run by default: those that can run here.
    static var passing: [SimulationWorldKind] { allCases.filter { $0.unavailableReason == nil } }
}

/// One step of a simulated run. Steps carry their own random numbers, so that a run is a plain list of
/// steps that can be replayed, and shrunk by removing steps, without the rest changing meaning.
struct SimulationStep: Sendable, Hashable, CustomStringConvertible {
    enum Action: Sendable, Hashable {
        /// A client's operation; `roll` chooses which, `pick` and `value` its target and argument.
        case operate(client: Int, roll: Int, pick: Int, value: Int)
        /// A client syncs.
        case sync(client: Int)
        /// The server closes and reopens its store.
        case restartServer
        /// The tombstone horizon passes: every tombstone so far is purged.
        case purgeTombstones
        /// A client goes offline or comes back.
        case offline(client: Int, Bool)
        /// A client's database file is copied.
        case backup(client: Int)
        /// A client is replaced by its last copy.
        case restore(client: Int)
        /// A client's clock moves by this many seconds (negative: backwards).
        case shiftClock(client: Int, seconds: Int)
    }

    var action: Action
    /// Milliseconds of world time that pass before the step.
    var advanceMillis: Int

    var description: String {
        switch action {
        case .operate(let client, let roll, let pick, let value):
            "c\(client) \(SimulatedClient.operationName(roll: roll, value: value)) (roll \(roll), pick \(pick), value \(value))"
        case .sync(let client): "c\(client) sync"
        case .restartServer: "server restart"
        case .purgeTombstones: "tombstone horizon passes"
        case .offline(let client, let offline): "c\(client) \(offline ? "goes offline" : "comes back online")"
        case .backup(let client): "c\(client) database copied"
        case .restore(let client): "c\(client) restored from its copy"
        case .shiftClock(let client, let seconds): "c\(client) clock moves \(seconds) s"
        }
    }
}

/// The steps of one seed in one world, and per-client settings the world fixes up front.
struct SimulationScript: Sendable {
    var world: SimulationWorldKind
    var seed: UInt64
    var clientCount: Int
    /// Each client's clock offset from true time, in seconds.
    var clockOffsets: [Int]
    var steps: [SimulationStep]

    /// The script a seed makes in a world.
    init(world: SimulationWorldKind, seed: UInt64) {
        self.world = world
        self.seed = seed
        var generator = SeededGenerator(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(world.rawValue.count))
        func random(_ range: Range<Int>) -> Int { Int.random(in: range, using: &generator) }
        let clientCount = world.clientCount(seed: seed)
        self.clientCount = clientCount
        clockOffsets = (0..<clientCount).map { index in
            guard world == .skew, index > 0 else { return 0 }
            return index % 2 == 1 ? random(60..<900) : -random(3_600..<4 * 3_600)
        }
        var remaining = Array(repeating: world.operationsPerClient, count: clientCount)
        let total = remaining.reduce(0, +)
        var steps: [SimulationStep] = []
        let jumpAt = random(total / 4..<total * 3 / 4)
        let offlineFrom = random(total / 8..<total / 2), offlineUntil = offlineFrom + total / 3
        let offlineClient = random(0..<clientCount)
        let backupAt = random(total / 8..<total / 2), restoreAt = backupAt + random(total / 8..<total / 3)
        let restoredClient = random(0..<clientCount)
        var done = 0
        while done < total {
            let index = random(0..<clientCount)
            guard remaining[index] > 0 else { continue }
            remaining[index] -= 1
            let advance = random(1..<2_000)
            switch world {
            case .skew where done == jumpAt:
                steps.append(SimulationStep(action: .shiftClock(client: random(0..<clientCount), seconds: -random(3_600..<7_200)), advanceMillis: 0))
            case .restart where random(0..<100) < 3:
                steps.append(SimulationStep(action: .restartServer, advanceMillis: 0))
            case .horizon:
                if done == offlineFrom { steps.append(SimulationStep(action: .offline(client: offlineClient, true), advanceMillis: 0)) }
                if done > offlineFrom && done < offlineUntil && random(0..<100) < 2 {
                    steps.append(SimulationStep(action: .purgeTombstones, advanceMillis: 0))
                }
                if done == offlineUntil { steps.append(SimulationStep(action: .offline(client: offlineClient, false), advanceMillis: 0)) }
            case .restore:
                if done == backupAt { steps.append(SimulationStep(action: .backup(client: restoredClient), advanceMillis: 0)) }
                if done == restoreAt { steps.append(SimulationStep(action: .restore(client: restoredClient), advanceMillis: 0)) }
            default: break
            }
            let roll = random(0..<100)
            let action: SimulationStep.Action = roll < 12
                ? .sync(client: index)
                : .operate(client: index, roll: roll, pick: random(0..<1_000_000), value: random(0..<1_000_000))
            steps.append(SimulationStep(action: action, advanceMillis: advance))
            done += 1
        }
        self.steps = steps
    }

    /// Network loss rate of the world.
    var lossRate: Double { 0.15 }

    /// Chance that a push makes the server restart around it.
    var restartRate: Double { world == .restart ? 0.04 : 0 }

    /// The command that replays this seed exactly (with `keep`, only the listed steps).
    func replayCommand(keep: [Int]? = nil) -> String {
        let steps = keep.map { " SATCHEL_SIM_STEPS=" + $0.map(String.init).joined(separator: ",") } ?? ""
        return "SATCHEL_SIM_WORLD=\(world.rawValue) SATCHEL_SIM_SEED=\(seed)\(steps) swift test --filter SimulationTests/replay"
    }
}
