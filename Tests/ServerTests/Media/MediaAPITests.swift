import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SatchelShared
import SatchelTestSupport
import Testing
@testable import SatchelServer

@Suite("Media API")
struct MediaAPITests {
    @Test("an author uploads a raw JPEG; its variants are made in the background and served to anyone, cached for a year")
    func rawUpload() async throws {
        try await LiveServer.run { server in
            let (_, author, user) = try await server.adminAndAuthor()
            let jpeg = try TestImages.jpeg(width: 1000, height: 750)
            let response = try await server.uploadRaw(jpeg, token: author, contentType: "application/octet-stream")
            #expect(response.status == .created, "\(response.bodyText)")
            let created = try response.decode(Media.self)
            #expect(response.headers[.location] == "/v1/media/\(created.id)")
            #expect(created.ownerId == user.id && created.mediaType == "image/jpeg" && created.name == "photo.jpg")
            #expect(created.width == 1000 && created.height == 750 && created.frames == 1)
            #expect(created.size == Int64(jpeg.count) && created.digest == BlobFixtures.digest(jpeg))
            await server.dependencies.mediaVariants.waitUntilIdle()
            let ready = try await server.send(.get, "/v1/media/\(created.id)", token: author).decode(Media.self)
            #expect(ready.variantsStatus == .ready)
            #expect(ready.variants.map(\.width) == [320, 320, 640, 640, 960, 960, 1000, 1000])
            for variant in ready.variants {
                let served = try await server.fetchBytes(variant.url)
                #expect(served.status == .ok, "\(variant.url)")
                #expect(served.headers[.contentType] == variant.mediaType)
                #expect(served.headers[.cacheControl] == "public, max-age=31536000, immutable")
                #expect(served.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(BlobFixtures.digest(served.bytes) == variant.digest && Int64(served.bytes.count) == variant.size)
                let tag = try #require(served.headers[.eTag])
                #expect(try await server.fetchBytes(variant.url, headers: [.ifNoneMatch: tag]).status == .notModified)
            }
            // The original (which keeps its metadata) is not among the public URLs.
            #expect(try await server.fetchBytes("/media/\(created.digest.hex).jpg").status == .notFound)
            #expect(try await server.fetchBytes("/media/\(ready.variants[0].digest.hex).jpg").status == .notFound, "wrong type")
            #expect(try await server.fetchBytes("/media/nothing.webp").status == .notFound)
        }
    }

    @Test("a form upload carries alt, caption and credit; the type comes from the bytes, not the name or the declared type")
    func formUpload() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let png = TestImages.png(width: 200, height: 100)
            let response = try await server.uploadForm(
                png, token: author, fileName: "holiday.gif", declaredType: "image/gif",
                fields: [("alt", "A gradient"), ("caption", "Colours at dusk"), ("credit", "Photo: Grace")])
            #expect(response.status == .created, "\(response.bodyText)")
            let media = try response.decode(Media.self)
            #expect(media.mediaType == "image/png" && media.name == "holiday.gif")
            #expect(media.alt == "A gradient" && media.caption == "Colours at dusk" && media.credit == "Photo: Grace")
            #expect(media.width == 200 && media.height == 100)
            let missing = try await server.uploadForm(png, token: author, fields: [])
            #expect(missing.status == .created)
            var broken = try await server.client.executeRequest(
                uri: "/v1/media", method: .post,
                headers: [.authorization: "Bearer \(author)", .contentType: "multipart/form-data; boundary=x"],
                body: ByteBuffer(string: "not a form"))
            #expect(broken.status == .badRequest, "\(broken.bodyText)")
            broken = try await server.client.executeRequest(
                uri: "/v1/media", method: .post,
                headers: [.authorization: "Bearer \(author)", .contentType: "multipart/form-data; boundary=x"],
                body: ByteBuffer(string: "--x\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nhi\r\n--x--\r\n"))
            #expect(broken.status == .unprocessableContent, "\(broken.bodyText)")
            #expect(try broken.problem().errors?.first?.field == "file")
        }
    }

    @Test("readers and strangers cannot upload; another author's item is as absent as none; admins see every item")
    func permissions() async throws {
        try await LiveServer.run { server in
            let (admin, author, _) = try await server.adminAndAuthor()
            let (_, reader) = try await server.register("reader")
            let (_, other) = try await server.register("other", role: .author, adminToken: admin)
            let png = TestImages.png(width: 40, height: 30)
            let refused = try await server.uploadRaw(png, token: reader)
            #expect(refused.status == .forbidden)
            #expect(try refused.problem().detail.contains("authors and admins"))
            #expect(try await server.uploadRaw(png, token: nil).status == .unauthorized)
            let media = try await server.uploadRaw(png, token: author).decode(Media.self)
            for method in [HTTPRequest.Method.get, .delete] {
                #expect(try await server.send(method, "/v1/media/\(media.id)", token: other).status == .notFound)
                #expect(try await server.send(method, "/v1/media/\(media.id)", token: reader).status == .notFound)
            }
            #expect(try await server.send(.patch, "/v1/media/\(media.id)", json: UpdateMediaRequest(alt: "x"), token: other).status == .notFound)
            #expect(try await server.send(.get, "/v1/media/\(media.id)", token: admin).status == .ok)
            #expect(try await server.send(.get, "/v1/media", token: other).decode(MediaListPage.self).items.isEmpty)
            #expect(try await server.send(.get, "/v1/media/\(media.id)").status == .unauthorized)
        }
    }

    @Test("alt, caption and credit are edited with the text rules; a deleted item's variants are gone at once")
    func editAndDelete() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let media = try await server.uploadReady(TestImages.png(width: 400, height: 300), token: author)
            let edited = try await server.send(
                .patch, "/v1/media/\(media.id)", json: UpdateMediaRequest(alt: "  Boats  ", credit: "Photo: Ada"), token: author)
            #expect(edited.status == .ok, "\(edited.bodyText)")
            let item = try edited.decode(Media.self)
            #expect(item.alt == "Boats" && item.credit == "Photo: Ada" && item.caption == "")
            let control = try await server.send(.patch, "/v1/media/\(media.id)", json: UpdateMediaRequest(alt: "a\u{7}b"), token: author)
            #expect(control.status == .unprocessableContent)
            let long = try await server.send(
                .patch, "/v1/media/\(media.id)", json: UpdateMediaRequest(caption: String(repeating: "c", count: 2_001)), token: author)
            #expect(long.status == .unprocessableContent)
            #expect(try long.problem().errors?.first?.field == "caption")
            let url = try #require(media.variants.first?.url)
            #expect(try await server.fetchBytes(url).status == .ok)
            #expect(try await server.send(.delete, "/v1/media/\(media.id)", token: author).status == .noContent)
            #expect(try await server.send(.get, "/v1/media/\(media.id)", token: author).status == .notFound)
            #expect(try await server.fetchBytes(url).status == .notFound)
        }
    }

    @Test("an author's items list newest first, in pages")
    func listing() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            var ids: [UUID] = []
            for width in 10..<15 {
                ids.append(try await server.uploadRaw(TestImages.png(width: width, height: 10), token: author).decode(Media.self).id)
            }
            var seen: [UUID] = []
            var path = "/v1/media?limit=2"
            while true {
                let response = try await server.send(.get, path, token: author)
                #expect(response.status == .ok, "\(response.bodyText)")
                let page = try response.decode(MediaListPage.self)
                seen += page.items.map(\.id)
                guard let next = page.nextCursor else { break }
                path = "/v1/media?limit=2&cursor=\(next)"
            }
            #expect(Set(seen) == Set(ids) && seen.count == 5)
            #expect(try await server.send(.get, "/v1/media?cursor=garbage", token: author).status == .badRequest)
        }
    }

    @Test("hostile uploads are refused with a problem naming why, and store nothing")
    func hostile() async throws {
        try await LiveServer.run { server in
            let (_, author, user) = try await server.adminAndAuthor()
            let jpeg = try TestImages.jpeg(width: 1200, height: 900)
            let cases: [(String, [UInt8], HTTPResponse.Status, String)] = [
                ("a .png that is a ZIP", TestImages.zip(), .unsupportedMediaType, "/problems/unsupported-image"),
                ("an SVG", TestImages.svg, .unsupportedMediaType, "/problems/unsupported-image"),
                ("a truncated JPEG", Array(jpeg.prefix(jpeg.count / 2)), .unprocessableContent, "/problems/invalid-image"),
                ("a 100,000 × 100,000 PNG", TestImages.pngClaiming(width: 100_000, height: 100_000), .unprocessableContent, "/problems/image-too-large"),
                ("a GIF of 10,000 frames", TestImages.gif(width: 2, height: 2, frames: 10_000), .unprocessableContent, "/problems/image-too-large"),
                ("nothing", [], .unsupportedMediaType, "/problems/unsupported-image"),
            ]
            for (what, bytes, status, type) in cases {
                let response = try await server.uploadRaw(bytes, token: author, contentType: "image/png", fileName: "x.png")
                #expect(response.status == status, "\(what): \(response.bodyText)")
                #expect(try response.problem().type == type, "\(what)")
            }
            #expect(try await server.send(.get, "/v1/media", token: author).decode(MediaListPage.self).items.isEmpty)
            #expect(try await server.dependencies.blobs.blobUsage(userId: user.id).count == 0)
        }
    }

    @Test("a JPEG with GPS EXIF: no variant served carries EXIF, GPS or XMP (read back with exiftool); orientation applied")
    func gpsStripped() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let photo = TestImages.withGPSExif(try TestImages.jpeg(width: 800, height: 600), orientation: 6)
            #expect(try TestImages.exiftool(photo)["GPS:GPSLatitude"] != nil)
            let media = try await server.uploadReady(photo, token: author)
            #expect(media.width == 600 && media.height == 800)
            #expect(media.variants.count == 4)
            for variant in media.variants {
                let served = try await server.fetchBytes(variant.url)
                let tags = try TestImages.exiftool(served.bytes)
                let leaked = tags.keys.filter { $0.hasPrefix("GPS") || $0.hasPrefix("IFD0") || $0.hasPrefix("ExifIFD") || $0.hasPrefix("XMP") }
                #expect(leaked.isEmpty, "\(variant.url): \(leaked)")
                #expect(variant.height > variant.width)
            }
        }
    }

    @Test("an upload over the size limit is a 413 and one over the quota a 507, before anything is stored")
    func limits() async throws {
        try await LiveServer.run(blobLimits: BlobServerLimits(maxBlobBytes: 2_000, quotaBytes: 1 << 30)) { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let response = try await server.uploadRaw(TestImages.png(width: 100, height: 100), token: author)
            #expect(response.status == .contentTooLarge, "\(response.bodyText)")
        }
        try await LiveServer.run(blobLimits: BlobServerLimits(quotaBytes: 100)) { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let response = try await server.uploadRaw(TestImages.png(width: 100, height: 100), token: author)
            #expect(response.status.code == 507, "\(response.bodyText)")
        }
    }

    @Test("items left pending by a stopped server get their variants when the next one starts")
    func survivesRestart() async throws {
        let store = try await StoreKind.sqlite.makeStore()
        let owner = UUID()
        let png = TestImages.png(width: 700, height: 350)
        let blob = try await BlobFixtures.store(png, user: owner, in: store, mediaType: "image/png")
        let now = Date()
        let pending = try await store.createMedia(Media(
            id: UUID(), ownerId: owner, digest: blob.digest, mediaType: "image/png", size: blob.size, name: "left.png",
            width: 700, height: 350, frames: 1, alt: "", caption: "", credit: "", variantsStatus: .pending, variants: [],
            createdAt: now, updatedAt: now))
        try await LiveServer.run(store: store) { server in
            var media = pending
            for _ in 0..<200 where media.variantsStatus == .pending {
                try await Task.sleep(for: .milliseconds(50))
                media = try #require(try await store.media(id: pending.id))
            }
            #expect(media.variantsStatus == .ready)
            #expect(media.variants.map(\.width) == [320, 320, 640, 640, 700, 700])
            #expect(try await server.fetchBytes(media.variants[0].url).status == .ok)
        }
    }
}

/// `GET /v1/media`'s page.
struct MediaListPage: Decodable {
    let items: [Media]
    let nextCursor: String?
}
