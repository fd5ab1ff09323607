import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// The media API under `/v1/media` (authors and admins upload; an item is its owner's and admins'),
/// and the variants served to anyone at `/media/<digest>.webp|jpg` with a year-long immutable cache.
struct MediaRoutes {
    let dependencies: ServerDependencies

    /// Adds the API routes to the `/v1` group and the variants' route to the router; queues the variants
    /// an earlier process left pending.
    func register(api: RouterGroup<SatchelRequestContext>, router: Router<SatchelRequestContext>) {
        let upload = MediaUpload(dependencies: dependencies)
        api.post("media") { request, context in try await upload.create(request, context) }
        api.get("media") { request, context in try await list(request, context).hashTaggedResponse() }
        api.get("media/{id}") { request, context in
            try BlobJSON.response(try await ownMedia(request, context), status: .ok)
        }
        api.patch("media/{id}") { request, context in try await update(request, context) }
        api.delete("media/{id}") { request, context in
            let media = try await ownMedia(request, context)
            try await dependencies.media.deleteMedia(id: media.id)
            return Response(status: .noContent)
        }
        router.get("/media/{file}") { request, context in try await MediaVariantDownload(dependencies: dependencies).get(request, context) }
    }

    /// `GET /v1/media`: the caller's items, newest first, in pages.
    private func list(_ request: Request, _ context: SatchelRequestContext) async throws -> CacheableBody {
        let user = try context.requireUser()
        try request.requireOnlyQueryParameters(["limit", "cursor"])
        let page = try Pagination(request: request)
        var after: MediaListPosition?
        if let cursor = page.cursor {
            guard let millis = cursor["t"].flatMap({ Int64($0) }), let id = cursor["id"].flatMap({ UUID(uuidString: $0) }) else {
                throw APIError.badParameter("cursor", "is not a cursor this server issued; start again without it.")
            }
            after = MediaListPosition(createdMillis: millis, id: id)
        }
        let result = try await dependencies.media.listMedia(ownerId: user.id, limit: page.limit, after: after)
        return try Pagination.body(
            items: result.items, nextCursor: result.next.map { Pagination.encode(["t": String($0.createdMillis), "id": $0.id.text]) },
            request: request)
    }

    /// `PATCH /v1/media/{id}`: the alternative text, caption and credit.
    private func update(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        var media = try await ownMedia(request, context)
        let body = try await request.decode(as: UpdateMediaRequest.self, context: context)
        var validator = FieldValidator()
        let alt = validator.text(body.alt, field: "alt", maxLength: MediaLimits.maxAltLength, required: false)
        let caption = validator.text(body.caption, field: "caption", maxLength: MediaLimits.maxCaptionLength, required: false)
        let credit = validator.text(body.credit, field: "credit", maxLength: MediaLimits.maxCreditLength, required: false)
        try validator.check()
        if let alt { media.alt = alt }
        if let caption { media.caption = caption }
        if let credit { media.credit = credit }
        media.updatedAt = dependencies.clock()
        guard let updated = try await dependencies.media.updateMedia(media) else { throw MediaProblems.notFound }
        return try BlobJSON.response(updated, status: .ok)
    }

    /// The item named by `{id}` when the caller owns it or is an admin; 404 otherwise (another author's
    /// item is as absent as none).
    private func ownMedia(_ request: Request, _ context: SatchelRequestContext) async throws -> Media {
        let user = try context.requireUser()
        let id = try request.uuidParameter("id", context: context)
        guard let media = try await dependencies.media.media(id: id), media.ownerId == user.id || user.role == .admin else {
            throw MediaProblems.notFound
        }
        return media
    }
}

/// `GET /media/{digest}.webp|jpg`: one variant, to anyone, under a name that is its content's digest, so it
/// is cached for a year and never revalidated. Variants are re-encoded and stripped of metadata; the
/// original (which keeps its EXIF, GPS included) is never served here.
struct MediaVariantDownload {
    let dependencies: ServerDependencies

    static let cacheControl = "public, max-age=31536000, immutable"

    func get(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let file = context.parameters.get("file") ?? ""
        let parts = file.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let mediaType = ["webp": "image/webp", "jpg": "image/jpeg"][String(parts[1])],
              let digest = BlobDigest(BlobDigest.prefix + String(parts[0]))
        else { throw APIError.notFound("The image") }
        guard let found = try await dependencies.media.mediaVariant(digest: digest, mediaType: mediaType) else {
            throw APIError.notFound("The image")
        }
        let (owner, variant) = found
        let headers: HTTPFields = [
            .contentType: mediaType, .contentLength: String(variant.size), .cacheControl: Self.cacheControl,
            .eTag: "\"\(digest.hex)\"", BlobHeaders.contentTypeOptions: "nosniff",
            BlobHeaders.contentSecurityPolicy: "default-src 'none'; sandbox",
        ]
        let store = dependencies.blobs
        let body = ResponseBody(contentLength: Int(variant.size)) { writer in
            _ = try await store.readBlob(userId: owner, digest: digest, range: 0..<variant.size) { chunk in
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
