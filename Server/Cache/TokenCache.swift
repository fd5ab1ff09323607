import Foundation
import SatchelShared
import Synchronization
import SatchelStores

/// Who recent bearer tokens belong to, so a busy client's requests do not each look their token up in
/// the database. An entry is used only while the store's auth version is the one it was made at — a
/// logout, a deleted user or a changed role anywhere (any process) moves that version and so empties
/// the cache at once — and only until the earlier of the token's expiry and a short lifetime.
final class TokenCache: Sendable {
    private struct Entry {
        let user: User
        let versions: StoreVersions
        let usableUntil: Date
    }

    /// How long an entry is used at most, whatever the token's own expiry.
    let lifetime: TimeInterval
    private let entries: Mutex<LeastRecentlyUsed<String, Entry>>

    /// A cache of at most `capacity` tokens, each used for at most `lifetime` seconds.
    init(capacity: Int = 10_000, lifetime: TimeInterval = 60) {
        self.lifetime = lifetime
        entries = Mutex(LeastRecentlyUsed(budget: capacity))
    }

    /// The user of the token with this hash, if it was cached at `versions`' epoch and auth version
    /// and is still usable at `now`.
    func user(forTokenHash hash: String, versions: StoreVersions, now: Date) -> User? {
        entries.withLock { entries in
            guard let entry = entries.value(for: hash) else { return nil }
            guard entry.versions.epoch == versions.epoch, entry.versions.auth == versions.auth,
                  now < entry.usableUntil
            else {
                entries.remove(hash)
                return nil
            }
            return entry.user
        }
    }

    /// Remembers a token looked up at `versions` (read before the lookup) that expires at `expiresAt`.
    func remember(_ user: User, forTokenHash hash: String, versions: StoreVersions, expiresAt: Date, now: Date) {
        let entry = Entry(user: user, versions: versions, usableUntil: min(expiresAt, now.addingTimeInterval(lifetime)))
        entries.withLock { $0.set(entry, cost: 1, for: hash) }
    }

    /// How many tokens are cached.
    var count: Int { entries.withLock { $0.count } }
}
