import Foundation
import SatchelShared
import SatchelSync

/// One page of a user's change feed already in wire JSON, so a store can copy stored JSON straight out.
public struct EncodedFeedPage: Sendable {
    /// The changes' JSON objects, comma-separated, without the enclosing brackets.
    public var changes: [UInt8]
    /// How many changes `changes` holds.
    public var changeCount: Int
    /// The feed position of the last change, `nil` for an empty page.
    public var lastVersion: Int?
    /// Whether more changes follow.
    public var hasMore: Bool

    /// Creates an encoded page.
    public init(changes: [UInt8], changeCount: Int, lastVersion: Int?, hasMore: Bool) {
        self.changes = changes
        self.changeCount = changeCount
        self.lastVersion = lastVersion
        self.hasMore = hasMore
    }
}

/// Why a pull cannot be served.
public enum SyncFeedError: Error, Sendable, Equatable {
    /// The cursor is older than the tombstone horizon: deletions it would need were purged.
    case cursorExpired(oldestValid: Int)
}

/// Each user's synced records and change feed, and the results of applied mutations.
///
/// Implementations apply a push batch in one transaction and give every write the next position in
/// the user's feed, so that the feed order is the commit order.
public protocol SyncStore: Sendable {
    /// Applies `batch` for `userId` in one transaction, in order, using `applier` for each mutation.
    /// A mutation id already applied returns its stored result and changes nothing.
    func applyPush(userId: UUID, batch: [PreparedMutation], applier: SyncApplier) async throws -> [MutationResult]
    /// Up to `limit` changes of `userId` after feed position `after`, in feed order, in wire JSON (what
    /// `GET /v1/sync/pull` sends: each record's stored JSON copied out, never parsed and encoded again).
    /// Throws ``SyncFeedError/cursorExpired(oldestValid:)`` when `after` is positive and older than purged tombstones.
    func pullEncoded(userId: UUID, after: Int, limit: Int) async throws -> EncodedFeedPage
    /// The position of `userId`'s feed: the version of its last change, 0 before the first.
    func feedVersion(userId: UUID) async throws -> Int
    /// Deletes tombstones last written before `cutoff`; returns how many.
    @discardableResult func purgeTombstones(before cutoff: Date) async throws -> Int
}
