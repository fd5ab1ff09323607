import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// `GET` (and, through the HEAD responder, `HEAD`) `/v1/blobs/{digest}`: the blob streamed from the store,
/// one range or all of it, with headers that keep a browser from ever rendering it as a page of this
/// server's origin.
struct BlobDownload {
    let dependencies: ServerDependencies

    func get(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let digest = try BlobJSON.digestParameter(context)
        try request.requireOnlyQueryParameters(["name"])
        // One index lookup keyed by account: another account's blob is exactly as absent as nobody's.
        guard let blob = try await dependencies.blobs.blob(userId: user.id, digest: digest) else {
            throw BlobProblems.blobNotFound
        }
        let tag = "\"\(digest.text)\""
        var headers: HTTPFields = [
            .contentType: blob.mediaType, .eTag: tag, .cacheControl: "private, immutable", .acceptRanges: "bytes",
            BlobHeaders.contentTypeOptions: "nosniff",
            BlobHeaders.contentSecurityPolicy: "sandbox; default-src 'none'",
            BlobHeaders.contentDisposition: BlobDisposition.header(name: request.uri.queryParameters.get("name"), digest: digest),
        ]
        var range = BlobRange.parse(request.headers[.range], size: blob.size)
        if let condition = request.headers[.ifRange], condition != tag { range = .whole }
        let bytes: Range<Int64>
        let status: HTTPResponse.Status
        switch range {
        case .whole:
            (bytes, status) = (0..<blob.size, .ok)
        case .partial(let part):
            (bytes, status) = (part, .partialContent)
            headers[.contentRange] = "bytes \(part.lowerBound)-\(part.upperBound - 1)/\(blob.size)"
        case .unsatisfiable:
            throw APIError(
                .rangeNotSatisfiable, type: "/problems/range-not-satisfiable", title: "Range not satisfiable",
                detail: "The blob has \(blob.size) bytes.", headers: [.contentRange: "bytes */\(blob.size)"])
        }
        headers[.contentLength] = String(bytes.count)
        let store = dependencies.blobs
        let userId = user.id
        let body = ResponseBody(contentLength: bytes.count) { writer in
            _ = try await store.readBlob(userId: userId, digest: digest, range: bytes) { chunk in
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }
}
