import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// The blob API under `/v1/blobs` (PROTOCOL §13), for signed-in accounts only: which digests are
/// missing, usage, whole uploads, downloads and upload sessions.
struct BlobRoutes {
    let dependencies: ServerDependencies
    let locks = UploadLocks()

    /// Adds the routes to the `/v1` group.
    func addRoutes(to api: RouterGroup<SatchelRequestContext>) {
        let uploads = BlobUploadSessions(dependencies: dependencies, locks: locks)
        api.post("blobs/missing") { request, context in try await missing(request, context) }
        api.get("blobs/usage") { request, context in try await usage(request, context) }
        api.post("blobs/uploads") { request, context in try await uploads.create(request, context) }
        api.get("blobs/uploads/:id") { request, context in try await uploads.state(request, context) }
        api.patch("blobs/uploads/:id") { request, context in try await uploads.append(request, context) }
        api.delete("blobs/uploads/:id") { request, context in try await uploads.cancel(request, context) }
        api.put("blobs/:digest") { request, context in
            try await BlobWholeUpload(dependencies: dependencies).put(request, context)
        }
        api.get("blobs/:digest") { request, context in
            try await BlobDownload(dependencies: dependencies).get(request, context)
        }
    }

    /// `POST /v1/blobs/missing`: the asked digests the account lacks; held ones are touched (kept from
    /// garbage collection for the grace period).
    private func missing(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await request.decode(as: MissingBlobsRequest.self, context: context)
        guard body.digests.count <= BlobLimits.maxDigestsPerQuery else {
            throw APIError.validation([FieldError(
                field: "digests", message: "may hold at most \(BlobLimits.maxDigestsPerQuery) digests; ask in several requests.")])
        }
        var seen: Set<BlobDigest> = []
        let digests = body.digests.filter { seen.insert($0).inserted }
        let missing = try await dependencies.blobs.missingBlobs(
            userId: user.id, digests: digests, touchedAt: dependencies.clock())
        return try BlobJSON.response(MissingBlobsResponse(missing: missing), status: .ok)
    }

    /// `GET /v1/blobs/usage`: stored and staged bytes against the quota.
    private func usage(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let usage = try await dependencies.blobs.blobUsage(userId: user.id)
        return try BlobJSON.response(
            BlobUsage(bytes: usage.bytes, count: usage.count, quotaBytes: dependencies.blobLimits.quotaBytes), status: .ok)
    }
}

/// JSON answers of the blob API: never cached by anyone (`no-store`).
enum BlobJSON {
    /// `value` as Satchel JSON with `status` and extra `headers`.
    static func response(_ value: some Encodable, status: HTTPResponse.Status, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        let data = try SatchelJSON.encoder().encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The digest named by the path, or a 400 problem (percent escapes are decoded first, so an escaped
    /// slash is refused like a plain one).
    static func digestParameter(_ context: SatchelRequestContext) throws -> BlobDigest {
        let raw = context.parameters.get("digest") ?? ""
        guard let text = raw.removingPercentEncoding, let digest = BlobDigest(text) else {
            throw APIError.badParameter("digest", "must be sha256: and 64 lower-case hex digits.")
        }
        return digest
    }

    /// The media type of a `Content-Type` header as stored: lower-cased, without parameters;
    /// `application/octet-stream` when absent or not a media type.
    static func mediaType(_ header: String?) -> String {
        guard let header else { return "application/octet-stream" }
        let bare = header.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return AttachmentRules.isMediaType(bare) ? bare : "application/octet-stream"
    }
}
