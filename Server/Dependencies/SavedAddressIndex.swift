import Foundation
import SatchelFetch
import SatchelShared
import Synchronization

/// The normalized addresses of recent users' saved articles, kept up to date from their sync feeds, so that the
/// duplicate check of a capture or a follow delivery reads only the changes since the previous check instead of
/// the whole reading list. The feed stays the truth (any server process may have written it): every check first
/// reads the feed past the position the index has applied, so an answer is as exact as reading everything. A
/// position past the tombstone horizon starts the user's index again from the beginning.
///
/// The index holds addresses and ids only; the least recently checked users are dropped beyond `capacity`
/// addresses in all.
final class SavedAddressIndex: Sendable {
    private struct UserAddresses: Sendable {
        /// The feed version applied last.
        var position = 0
        /// The live saved articles holding each address.
        var byKey: [String: Set<UUID>] = [:]
        /// The addresses of each live saved article.
        var keys: [UUID: [String]] = [:]
        /// When it was last checked, for dropping the least recent.
        var lastUse: UInt64 = 0
        /// Addresses held, kept as they are added and removed (a check must not walk the whole list).
        var size = 0
    }

    private struct State {
        var users: [UUID: UserAddresses] = [:]
        var clock: UInt64 = 0
        var addresses = 0
    }

    /// The most addresses held for all users together.
    let capacity: Int
    private let state = Mutex(State())

    /// An empty index holding at most `capacity` addresses (two per article at most: as saved, and after redirects).
    init(capacity: Int = 500_000) {
        self.capacity = capacity
    }

    /// Whether `user` has a live saved article at the normalized address `key`, reading their feed past the
    /// position applied so far with `readPage` (a page of changes after a position; `nil` when that position is
    /// older than the horizon).
    func contains(
        _ key: String, userId: UUID,
        readPage: (_ after: Int) async throws -> (changes: [SyncChange], lastVersion: Int?, hasMore: Bool)?
    ) async throws -> Bool {
        var addresses = state.withLock { state -> UserAddresses in
            state.clock += 1
            state.users[userId]?.lastUse = state.clock
            return state.users[userId] ?? UserAddresses()
        }
        while true {
            guard let page = try await readPage(addresses.position) else {
                addresses = UserAddresses()
                continue
            }
            for change in page.changes where change.entity == .savedArticle {
                Self.apply(change, to: &addresses)
            }
            if let last = page.lastVersion { addresses.position = last }
            if !page.hasMore { break }
        }
        let found = !(addresses.byKey[key]?.isEmpty ?? true)
        store(addresses, userId: userId)
        return found
    }

    /// Addresses held now, for all users.
    var count: Int { state.withLock { $0.addresses } }

    /// The addresses a saved article's fields name: as saved, and after its redirects.
    static func keys(of fields: [String: JSONValue]) -> [String] {
        var keys: [String] = []
        for name in ["url", "finalUrl"] {
            if case .string(let address)? = fields[name], !address.isEmpty, let key = URLNormalizer.normalize(address),
                !keys.contains(key)
            {
                keys.append(key)
            }
        }
        return keys
    }

    private static func apply(_ change: SyncChange, to addresses: inout UserAddresses) {
        for key in addresses.keys.removeValue(forKey: change.recordId) ?? [] {
            addresses.size -= 1
            addresses.byKey[key]?.remove(change.recordId)
            if addresses.byKey[key]?.isEmpty == true { addresses.byKey[key] = nil }
        }
        guard !change.deleted, case .object(let fields) = change.record else { return }
        let keys = Self.keys(of: fields)
        guard !keys.isEmpty else { return }
        addresses.keys[change.recordId] = keys
        addresses.size += keys.count
        for key in keys { addresses.byKey[key, default: []].insert(change.recordId) }
    }

    /// Keeps `addresses` unless another check already applied a later position, then drops the least recently
    /// checked users while over capacity.
    private func store(_ addresses: UserAddresses, userId: UUID) {
        state.withLock { state in
            if let held = state.users[userId] {
                guard held.position <= addresses.position else { return }
                state.addresses -= held.size
            }
            var addresses = addresses
            state.clock += 1
            addresses.lastUse = state.clock
            state.users[userId] = addresses
            state.addresses += addresses.size
            while state.addresses > capacity, state.users.count > 1,
                let oldest = state.users.filter({ $0.key != userId }).min(by: { $0.value.lastUse < $1.value.lastUse })
            {
                state.addresses -= oldest.value.size
                state.users[oldest.key] = nil
            }
        }
    }
}
