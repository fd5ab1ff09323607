import Foundation
import Logging
import SatchelImages
import SatchelShared
import SatchelStores

/// Makes each media item's variants once, in the background, through ``MediaVariantQueue`` (bounded
/// concurrency): reads the original blob, runs ``ImagePipeline/variants(of:image:)`` on a thread of its own,
/// stores each variant as a blob of the owner and records them. Items are pending in the store until then,
/// so a restart picks up what a stopped process left (``resumePending()``).
struct MediaVariantMaker {
    let dependencies: ServerDependencies
    var logger = Logger(label: "satchel.media")

    /// Queues `id` for its variants.
    func enqueue(_ id: UUID) async {
        let maker = self
        await dependencies.mediaVariants.enqueue(id) { id in await maker.make(id) }
    }

    /// Queues every item still pending (once per process; later calls do nothing).
    func resumePending() async {
        guard await dependencies.mediaVariants.claimResume() else { return }
        do {
            for media in try await dependencies.media.mediaAwaitingVariants(limit: 10_000) { await enqueue(media.id) }
        } catch {
            logger.error("Could not read the media items awaiting variants", metadata: ["error": "\(error)"])
        }
    }

    /// Makes and records the variants of `id`, unless it is gone or done already. A refused image is
    /// recorded as failed with the reason; a store failure leaves it pending for the next start.
    func make(_ id: UUID) async {
        let store = dependencies.media
        let writer = MediaBlobWriter(blobs: dependencies.blobs, clock: dependencies.clock)
        do {
            guard let media = try await store.media(id: id), media.variantsStatus == .pending else { return }
            guard let format = ImageFormat.allCases.first(where: { $0.mediaType == media.mediaType }),
                  let original = try await writer.read(media.digest, owner: media.ownerId, size: media.size)
            else {
                try await store.storeVariants(
                    mediaId: id, status: .failed, variants: [], failure: "The original is missing.", now: dependencies.clock())
                return
            }
            let image = InspectedImage(format: format, width: media.width, height: media.height, frames: media.frames)
            let encoded = try await BackgroundPriorityThread.run(idle: false) {
                Result { try ImagePipeline.variants(of: original, image: image) }
            }.get()
            var variants: [MediaVariant] = []
            for variant in encoded {
                let digest = try await writer.store(variant.bytes, owner: media.ownerId, mediaType: variant.format.mediaType)
                variants.append(MediaVariant(
                    width: variant.width, height: variant.height, mediaType: variant.format.mediaType, digest: digest,
                    size: Int64(variant.bytes.count)))
            }
            try await store.storeVariants(mediaId: id, status: .ready, variants: variants, failure: nil, now: dependencies.clock())
        } catch let refusal as ImageRefusal {
            _ = try? await store.storeVariants(
                mediaId: id, status: .failed, variants: [], failure: refusal.detail, now: dependencies.clock())
        } catch {
            logger.error("Could not make media variants", metadata: ["media": "\(id)", "error": "\(error)"])
        }
    }
}
