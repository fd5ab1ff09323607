import Foundation
import GRDB
import SatchelShared
import SatchelSync

/// The client's hybrid logical clock, persisted in the `meta` table so it never runs backwards across
/// restarts. Each tick and each server time it hears is stored in the caller's transaction.
struct ClientClock {
    let meta: MetaTable

    /// The next timestamp for a local write.
    func tick(node: String, now: Date) throws -> HLCTimestamp {
        var clock = try load(node: node)
        let stamp = clock.now(physicalMillis: now.millis)
        try meta.set(.hlc, stamp.description)
        return stamp
    }

    /// Folds the server's time into the clock, so this machine's next writes order after what it has seen.
    func receive(_ serverTime: Date, node: String, now: Date) throws {
        var clock = try load(node: node)
        let stamp = clock.receive(
            HLCTimestamp(wallMillis: serverTime.millis, counter: 0, node: "server"),
            physicalMillis: now.millis)
        try meta.set(.hlc, stamp.description)
    }

    /// The last timestamp given out or received, if any.
    func last() throws -> HLCTimestamp? {
        try meta.value(.hlc).flatMap(HLCTimestamp.init(string:))
    }

    private func load(node: String) throws -> HybridLogicalClock {
        if let last = try last() { return HybridLogicalClock(node: node, last: last) }
        return HybridLogicalClock(node: node)
    }
}
