import Foundation
@testable import SatchelClient

extension SimulationOracles {
    /// The writes whose effect the final record must show, once the tombstone horizon has had its say.
    ///
    /// A record deleted and purged comes back when a machine that edited it concurrently sends it whole
    /// (docs/PROTOCOL.md §4.5): as that machine last saw it, at its base version, with its edit. Writes
    /// that reached the server after that base and before the delete went with the purged tombstone (the
    /// deleting machine removed them with the record), so the oracles of merge rules do not expect them.
    /// Every other write still counts; delete vs. edit judges all of them.
    func keptAcrossPurges(_ writes: [(write: ModelWrite, ack: Acknowledgement)])
        -> [(write: ModelWrite, ack: Acknowledgement)]
    {
        let revivals = writes.compactMap { entry in entry.ack.sentWholeFrom.map { (base: $0, order: entry.ack.order) } }
        guard !revivals.isEmpty else { return writes }
        let deletes = writes.filter { entry in
            if case .delete = entry.write.effect { return entry.ack.status == .applied }
            return false
        }.map(\.ack.order)
        let kept = writes.filter { entry in
            if case .delete = entry.write.effect { return true }
            return !revivals.contains { revival in
                entry.ack.order < revival.order && (entry.ack.version ?? 0) > revival.base
                    && deletes.contains { $0 > entry.ack.order && $0 < revival.order }
            }
        }
        world.ledger.add(\.wipedByPurge, writes.count - kept.count)
        return kept
    }
}
