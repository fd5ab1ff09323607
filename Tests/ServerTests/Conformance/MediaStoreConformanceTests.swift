import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// The contract of ``MediaStore``, run against every implementation.
@Suite("MediaStore conformance")
struct MediaStoreConformanceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func item(owner: UUID, at offset: TimeInterval = 0, digest: BlobDigest = BlobFixtures.digest([1]), alt: String = "") -> Media {
        let date = now.addingTimeInterval(offset)
        return Media(
            id: UUID(), ownerId: owner, digest: digest, mediaType: "image/jpeg", size: 1, name: "photo.jpg", width: 4000,
            height: 3000, frames: 1, alt: alt, caption: "A caption", credit: "", variantsStatus: .pending, variants: [],
            createdAt: date, updatedAt: date)
    }

    func variants(seed: UInt8) -> [MediaVariant] {
        [320, 640].flatMap { width in
            ["image/webp", "image/jpeg"].map { type in
                MediaVariant(
                    width: width, height: width * 3 / 4, mediaType: type,
                    digest: BlobFixtures.digest([seed, UInt8(width / 64), type == "image/webp" ? 1 : 2]), size: Int64(width * 10))
            }
        }
    }

    @Test("an item reads back as written, alone and among others; its text can change; it can be deleted", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let owner = UUID()
        let written = item(owner: owner, alt: "A harbour at dawn")
        let created = try await store.createMedia(written)
        #expect(created == written)
        #expect(try await store.media(id: written.id) == written)
        let other = try await store.createMedia(item(owner: owner, at: 1))
        #expect(Set(try await store.media(ids: [written.id, other.id, UUID()]).map(\.id)) == [written.id, other.id])
        #expect(try await store.media(ids: []) == [])
        var changed = written
        changed.alt = "Boats in a harbour"
        changed.caption = ""
        changed.credit = "Photo: Ada"
        changed.updatedAt = now.addingTimeInterval(60)
        changed.width = 1  // not editable: ignored
        let updated = try #require(try await store.updateMedia(changed))
        #expect(updated.alt == "Boats in a harbour" && updated.caption == "" && updated.credit == "Photo: Ada")
        #expect(updated.width == 4000 && updated.updatedAt == changed.updatedAt)
        #expect(try await store.deleteMedia(id: written.id))
        #expect(try await store.deleteMedia(id: written.id) == false)
        #expect(try await store.media(id: written.id) == nil)
        var gone = written
        gone.id = UUID()
        #expect(try await store.updateMedia(gone) == nil)
    }

    @Test("an owner's items list newest first in pages, and no one else's", arguments: StoreKind.allCases)
    func listing(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let owner = UUID(), other = UUID()
        var ids: [UUID] = []
        for index in 0..<5 { ids.append(try await store.createMedia(item(owner: owner, at: Double(index))).id) }
        // Two at the same instant: ordered by id.
        let tied = [item(owner: owner, at: 10), item(owner: owner, at: 10)]
        for media in tied { _ = try await store.createMedia(media) }
        _ = try await store.createMedia(item(owner: other))
        var seen: [UUID] = []
        var position: MediaListPosition?
        repeat {
            let page = try await store.listMedia(ownerId: owner, limit: 2, after: position)
            #expect(page.items.count <= 2)
            seen += page.items.map(\.id)
            position = page.next
        } while position != nil
        let newestTied = tied.map(\.id).sorted { $0.text > $1.text }
        #expect(seen == newestTied + ids.reversed())
        #expect(try await store.listMedia(ownerId: UUID(), limit: 10, after: nil).items.isEmpty)
    }

    @Test("variants are recorded (replacing earlier ones), found by digest and type, and leave with their item", arguments: StoreKind.allCases)
    func variantRecords(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let owner = UUID()
        let media = try await store.createMedia(item(owner: owner))
        let first = variants(seed: 1)
        let ready = try #require(try await store.storeVariants(
            mediaId: media.id, status: .ready, variants: first, failure: nil, now: now.addingTimeInterval(5)))
        #expect(ready.variantsStatus == .ready && ready.variantsFailure == nil)
        #expect(ready.variants.map(\.width) == [320, 320, 640, 640])
        #expect(ready.variants.map(\.mediaType) == ["image/webp", "image/jpeg", "image/webp", "image/jpeg"])
        #expect(Set(ready.variants) == Set(first))
        #expect(ready.variants.first?.url == "/media/\(first[0].digest.hex).webp")
        let found = try #require(try await store.mediaVariant(digest: first[1].digest, mediaType: "image/jpeg"))
        #expect(found.ownerId == owner && found.variant == first[1])
        #expect(try await store.mediaVariant(digest: first[1].digest, mediaType: "image/webp") == nil)
        let second = variants(seed: 2)
        let replaced = try #require(try await store.storeVariants(
            mediaId: media.id, status: .ready, variants: second, failure: nil, now: now))
        #expect(Set(replaced.variants) == Set(second))
        #expect(try await store.mediaVariant(digest: first[1].digest, mediaType: "image/jpeg") == nil)
        let failed = try #require(try await store.storeVariants(
            mediaId: media.id, status: .failed, variants: [], failure: "The image cannot be read.", now: now))
        #expect(failed.variantsStatus == .failed && failed.variantsFailure == "The image cannot be read." && failed.variants.isEmpty)
        _ = try await store.storeVariants(mediaId: media.id, status: .ready, variants: second, failure: nil, now: now)
        #expect(try await store.deleteMedia(id: media.id))
        #expect(try await store.mediaVariant(digest: second[0].digest, mediaType: "image/webp") == nil)
        #expect(try await store.storeVariants(mediaId: media.id, status: .ready, variants: second, failure: nil, now: now) == nil)
    }

    @Test("items awaiting variants are listed oldest first until their variants are recorded", arguments: StoreKind.allCases)
    func awaiting(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let owner = UUID()
        let older = try await store.createMedia(item(owner: owner, at: 0))
        let newer = try await store.createMedia(item(owner: owner, at: 1))
        let done = try await store.createMedia(item(owner: owner, at: 2))
        _ = try await store.storeVariants(mediaId: done.id, status: .ready, variants: variants(seed: 3), failure: nil, now: now)
        #expect(try await store.mediaAwaitingVariants(limit: 10).map(\.id) == [older.id, newer.id])
        #expect(try await store.mediaAwaitingVariants(limit: 1).map(\.id) == [older.id])
        _ = try await store.storeVariants(mediaId: older.id, status: .failed, variants: [], failure: "no", now: now)
        #expect(try await store.mediaAwaitingVariants(limit: 10).map(\.id) == [newer.id])
    }

    @Test("the blob sweep keeps originals and variants of media items, and collects them once the item is gone", arguments: StoreKind.allCases)
    func garbage(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let owner = UUID()
        let original = try await BlobFixtures.store(BlobFixtures.bytes(100, seed: 1), user: owner, in: store, at: now, mediaType: "image/jpeg")
        let variantBlob = try await BlobFixtures.store(BlobFixtures.bytes(50, seed: 2), user: owner, in: store, at: now, mediaType: "image/webp")
        let media = try await store.createMedia(item(owner: owner, digest: original.digest))
        _ = try await store.storeVariants(
            mediaId: media.id, status: .ready,
            variants: [MediaVariant(width: 320, height: 240, mediaType: "image/webp", digest: variantBlob.digest, size: 50)],
            failure: nil, now: now)
        let grace: TimeInterval = 3_600
        for hours in [0.0, 2, 4] {
            try await store.collectBlobGarbage(now: now.addingTimeInterval(hours * 3_600), grace: grace)
        }
        #expect(try await store.blob(userId: owner, digest: original.digest) != nil)
        #expect(try await store.blob(userId: owner, digest: variantBlob.digest) != nil)
        try await store.deleteMedia(id: media.id)
        for hours in [5.0, 7, 9] {
            try await store.collectBlobGarbage(now: now.addingTimeInterval(hours * 3_600), grace: grace)
        }
        #expect(try await store.blob(userId: owner, digest: original.digest) == nil)
        #expect(try await store.blob(userId: owner, digest: variantBlob.digest) == nil)
    }
}
