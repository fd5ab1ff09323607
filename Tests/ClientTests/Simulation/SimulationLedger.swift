import Foundation
import SatchelShared
import SatchelSync

/// What happened to one mutation the server accepted, the first time it was applied.
struct Acknowledgement: Sendable {
    /// Position among every mutation the server applied in this world (its apply order).
    var order: Int
    /// Which push (counted over the world) applied it.
    var push: Int
    /// The installation that pushed it.
    var client: Int
    /// The server's answer.
    var status: MutationStatus
    /// The record's feed position after it.
    var version: Int?
    /// The mutation's timestamp as the server uses it: bounded to at most its drift ahead of the server.
    var stamp: HLCTimestamp
    /// The record sent whole after its tombstone was purged (a create with a base version), from this base.
    var sentWholeFrom: Int?
}

/// How often a world met each case, so a world that never exercises its case is visible.
struct SimulationCounts: Sendable {
    var seeds = 0
    var operations = 0
    var pushes = 0
    var applied = 0
    var merged = 0
    var conflicts = 0
    var rejected = 0
    var sentWhole = 0
    var wipedByPurge = 0
    var cursorExpired = 0
    var restarts = 0
    var serverSwitches = 0
    var purges = 0
    var tombstonesPurged = 0
    var restores = 0
    var clockJumps = 0
    var resolutions = 0
    var resurrections = 0
    var deletesKeptForEdit = 0
    var deletes = 0

    static func + (lhs: SimulationCounts, rhs: SimulationCounts) -> SimulationCounts {
        var sum = lhs
        for path in Self.all.map(\.1) { sum[keyPath: path] += rhs[keyPath: path] }
        return sum
    }

    static var all: [(String, WritableKeyPath<SimulationCounts, Int>)] {
        [
            ("seeds", \.seeds), ("ops", \.operations), ("pushes", \.pushes), ("applied", \.applied),
            ("merged", \.merged), ("conflicts", \.conflicts), ("rejected", \.rejected),
            ("sent whole after a purge", \.sentWhole), ("writes gone with a purged tombstone", \.wipedByPurge), ("410s", \.cursorExpired),
            ("restarts", \.restarts), ("server switches", \.serverSwitches), ("purges", \.purges),
            ("tombstones purged", \.tombstonesPurged),
            ("restores", \.restores), ("clock jumps", \.clockJumps), ("resolutions", \.resolutions),
            ("resurrections", \.resurrections), ("deletes", \.deletes), ("deletes kept for an edit", \.deletesKeptForEdit),
        ]
    }

    var line: String { Self.all.map { "\($0.0) \(self[keyPath: $0.1])" }.joined(separator: ", ") }
}

/// The network's record of a world: which mutations the server acknowledged and in what order, and which
/// record versions each client was shown in full (pulled, or returned with a push result).
final class SimulationLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var acknowledged: [UUID: Acknowledgement] = [:]
    private var shown: [Int: [UUID: Int]] = [:]
    private var answered: [Int: Set<UUID>] = [:]
    private var counts = SimulationCounts()

    /// Records the server's answers to a push; a retried mutation keeps its first acknowledgement.
    func acknowledge(_ mutations: [Mutation], _ results: [MutationResult], client: Int, serverNow: Date) {
        let clock = HybridLogicalClock(node: "server")
        let millis = Int64((serverNow.timeIntervalSince1970 * 1000).rounded())
        lock.withLock {
            counts.pushes += 1
            for (mutation, result) in zip(mutations, results) where acknowledged[mutation.id] == nil {
                switch result.status {
                case .applied: counts.applied += 1
                case .merged: counts.merged += 1
                case .conflict: counts.conflicts += 1
                case .rejected:
                    if result.code == RejectionCode.recordPurged.rawValue { counts.sentWhole += 1 } else { counts.rejected += 1 }
                    continue
                }
                acknowledged[mutation.id] = Acknowledgement(
                    order: acknowledged.count, push: counts.pushes, client: client, status: result.status, version: result.version,
                    stamp: clock.bounded(mutation.hlc, physicalMillis: millis),
                    sentWholeFrom: mutation.op == .create ? mutation.baseVersion : nil)
            }
        }
    }

    /// A push answer reached the client: records returned with a result are now known to it in full.
    func delivered(push results: [MutationResult], to client: Int) {
        lock.withLock {
            answered[client, default: []].formUnion(results.map(\.id))
            for result in results where result.record != nil {
                guard let version = result.version, let id = result.record?.objectId else { continue }
                shown[client, default: [:]][id] = max(shown[client]?[id] ?? 0, version)
            }
        }
    }

    /// A pulled page reached the client.
    func delivered(pull changes: [PulledChange], to client: Int) {
        lock.withLock {
            for change in changes {
                shown[client, default: [:]][change.recordId] = max(shown[client]?[change.recordId] ?? 0, change.version)
            }
        }
    }

    /// The newest version of `record` that `client` has been shown in full.
    func shownVersion(of record: UUID, to client: Int) -> Int { lock.withLock { shown[client]?[record] ?? 0 } }

    /// Whether the server's answer to `mutation` reached `client`.
    func answered(_ mutation: UUID, to client: Int) -> Bool { lock.withLock { answered[client]?.contains(mutation) ?? false } }

    /// Everything `client` has been shown and answered, to be restored with an old copy of its database.
    func knowledge(of client: Int) -> (shown: [UUID: Int], answered: Set<UUID>) {
        lock.withLock { (shown[client] ?? [:], answered[client] ?? []) }
    }

    /// Puts back what a client knew when its database was copied.
    func restoreKnowledge(_ knowledge: (shown: [UUID: Int], answered: Set<UUID>), of client: Int) {
        lock.withLock {
            shown[client] = knowledge.shown
            answered[client] = knowledge.answered
        }
    }

    /// The first acknowledgement of `mutation`, or `nil` when the server never applied it.
    func acknowledgement(of mutation: UUID) -> Acknowledgement? { lock.withLock { acknowledged[mutation] } }

    /// The ids of every acknowledged mutation.
    var acknowledgedIds: Set<UUID> { lock.withLock { Set(acknowledged.keys) } }

    func count(_ path: WritableKeyPath<SimulationCounts, Int>) { add(path, 1) }

    func add(_ path: WritableKeyPath<SimulationCounts, Int>, _ amount: Int) { lock.withLock { counts[keyPath: path] += amount } }

    var totals: SimulationCounts { lock.withLock { counts } }
}

extension JSONValue {
    /// The `id` field of a record object.
    var objectId: UUID? {
        if case .object(let fields) = self { return fields["id"]?.stringValue.flatMap(UUID.init(uuidString:)) }
        return nil
    }
}
