import Foundation
import SatchelShared

/// Where a page of an account's media items starts: after the item with this upload time and id, in
/// newest-first order.
public struct MediaListPosition: Sendable, Hashable {
    /// Upload time in milliseconds.
    public var createdMillis: Int64
    /// The item's id.
    public var id: UUID

    /// Creates a position.
    public init(createdMillis: Int64, id: UUID) {
        self.createdMillis = createdMillis
        self.id = id
    }
}

/// One page of media items and where the next starts.
public struct MediaPage: Sendable {
    /// The items, newest first.
    public var items: [Media]
    /// Where the next page starts; `nil` on the last page.
    public var next: MediaListPosition?

    /// Creates a page.
    public init(items: [Media], next: MediaListPosition?) {
        self.items = items
        self.next = next
    }
}

/// Media items (images for posts) and their variants. The bytes themselves are blobs of the item's owner
/// (``BlobStore``); the garbage sweep keeps every blob a media item or variant names.
public protocol MediaStore: Sendable {
    /// Inserts an item (its `variants` are ignored: they are stored by ``storeVariants(mediaId:status:variants:failure:now:)``).
    func createMedia(_ media: Media) async throws -> Media
    /// The item with this id, with its variants.
    func media(id: UUID) async throws -> Media?
    /// The items with these ids that exist, in no particular order.
    func media(ids: [UUID]) async throws -> [Media]
    /// A page of `ownerId`'s items, newest first.
    func listMedia(ownerId: UUID, limit: Int, after: MediaListPosition?) async throws -> MediaPage
    /// Replaces an item's text (alt, caption, credit) and `updatedAt`; `nil` when it is gone.
    func updateMedia(_ media: Media) async throws -> Media?
    /// Deletes an item and its variants' rows; returns whether it existed.
    @discardableResult func deleteMedia(id: UUID) async throws -> Bool
    /// Records the outcome of making an item's variants (replacing any recorded before); `nil` when the
    /// item is gone.
    @discardableResult func storeVariants(
        mediaId: UUID, status: MediaVariantsStatus, variants: [MediaVariant], failure: String?, now: Date
    ) async throws -> Media?
    /// Up to `limit` items whose variants are still pending, oldest first (the work left after a restart).
    func mediaAwaitingVariants(limit: Int) async throws -> [Media]
    /// The variant with this digest and type, with its owner, for serving it; `nil` when no item has it.
    func mediaVariant(digest: BlobDigest, mediaType: String) async throws -> (ownerId: UUID, variant: MediaVariant)?
}
