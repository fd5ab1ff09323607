import Foundation
import SatchelShared
import SatchelStores

extension MeasuredStore: MediaStore {
    func createMedia(_ media: Media) async throws -> Media {
        try await measure("createMedia") { try await base.createMedia(media) }
    }
    func media(id: UUID) async throws -> Media? {
        try await measure("mediaById") { try await base.media(id: id) }
    }
    func media(ids: [UUID]) async throws -> [Media] {
        try await measure("mediaByIds") { try await base.media(ids: ids) }
    }
    func listMedia(ownerId: UUID, limit: Int, after: MediaListPosition?) async throws -> MediaPage {
        try await measure("listMedia") { try await base.listMedia(ownerId: ownerId, limit: limit, after: after) }
    }
    func updateMedia(_ media: Media) async throws -> Media? {
        try await measure("updateMedia") { try await base.updateMedia(media) }
    }
    func deleteMedia(id: UUID) async throws -> Bool {
        try await measure("deleteMedia") { try await base.deleteMedia(id: id) }
    }
    func storeVariants(
        mediaId: UUID, status: MediaVariantsStatus, variants: [MediaVariant], failure: String?, now: Date
    ) async throws -> Media? {
        try await measure("storeVariants") {
            try await base.storeVariants(mediaId: mediaId, status: status, variants: variants, failure: failure, now: now)
        }
    }
    func mediaAwaitingVariants(limit: Int) async throws -> [Media] {
        try await measure("mediaAwaitingVariants") { try await base.mediaAwaitingVariants(limit: limit) }
    }
    func mediaVariant(digest: BlobDigest, mediaType: String) async throws -> (ownerId: UUID, variant: MediaVariant)? {
        try await measure("mediaVariant") { try await base.mediaVariant(digest: digest, mediaType: mediaType) }
    }
}
