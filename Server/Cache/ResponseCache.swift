import HTTPTypes
import NIOCore
import Synchronization
import SatchelStores

/// Encoded public responses, each kept with the content version it was built at and served only while
/// the store's content version is still that one. Memory is bounded by a byte budget, least recently
/// used responses dropped first. Holds nothing user-specific: only anonymous reads are stored.
final class ResponseCache: Sendable {
    /// One stored response.
    struct Entry: Sendable {
        /// The store versions the body was built at (their epoch and content version count).
        let versions: StoreVersions
        /// The encoded body.
        let body: ByteBuffer
        /// The headers that go with it (media type, `Link`, `Cache-Control`), without the entity tag.
        let headers: HTTPFields
    }

    /// The default budget: 32 MiB of bodies.
    static let defaultBudget = 32 << 20
    /// What an entry costs beyond its body: its key, headers and bookkeeping, roughly.
    static let entryOverhead = 256

    private let entries: Mutex<LeastRecentlyUsed<String, Entry>>

    /// An empty cache keeping at most `budgetBytes` of responses.
    init(budgetBytes: Int = ResponseCache.defaultBudget) {
        entries = Mutex(LeastRecentlyUsed(budget: budgetBytes))
    }

    /// The response stored for `key` if it was built at `versions`' epoch and content version.
    func entry(for key: String, at versions: StoreVersions) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries.value(for: key) else { return nil }
            return Self.sameContent(entry.versions, versions) ? entry : nil
        }
    }

    /// Stores a response for `key`, unless one built at a later content version is already there
    /// (a slow reader finishing late must not push out a fresher page).
    func store(_ entry: Entry, for key: String) {
        let cost = entry.body.readableBytes + key.utf8.count + Self.entryOverhead
        entries.withLock { entries in
            if let current = entries.value(for: key), current.versions.epoch == entry.versions.epoch,
               current.versions.content > entry.versions.content
            {
                return
            }
            entries.set(entry, cost: cost, for: key)
        }
    }

    /// The bytes the stored responses count for.
    var usedBytes: Int { entries.withLock { $0.totalCost } }

    /// How many responses are stored.
    var count: Int { entries.withLock { $0.count } }

    private static func sameContent(_ a: StoreVersions, _ b: StoreVersions) -> Bool {
        a.epoch == b.epoch && a.content == b.content
    }
}
