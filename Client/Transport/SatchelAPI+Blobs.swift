import Foundation
import SatchelShared

/// The blob routes (docs/PROTOCOL.md §13): which blobs the account lacks, whole and resumable uploads read
/// from files, and downloads written to files a range at a time.
extension SatchelAPI {
    /// `POST /v1/blobs/missing`: those of `digests` the account does not hold (at most 1,000 per call).
    public func missingBlobs(_ digests: [BlobDigest]) async throws -> [BlobDigest] {
        let body = try SatchelJSON.encoder().encode(MissingBlobsRequest(digests: digests))
        let spec = HTTPRequestSpec(
            method: "POST", path: "/v1/blobs/missing", headers: [HTTPHeader("Content-Type", "application/json")], body: body)
        return try Self.decode(MissingBlobsResponse.self, from: try await exchange(spec)).missing
    }

    /// `PUT /v1/blobs/{digest}`: uploads the whole file in one request.
    public func putBlob(_ digest: BlobDigest, file: String, size: Int64, mediaType: String) async throws -> BlobReceipt {
        let spec = HTTPRequestSpec(
            method: "PUT", path: "/v1/blobs/\(digest.text)", headers: [HTTPHeader("Content-Type", mediaType)],
            bodyFile: FileSlice(path: file, offset: 0, length: size), stallTimeout: Self.stallSeconds)
        return try Self.decode(BlobReceipt.self, from: try await exchange(spec))
    }

    /// `POST /v1/blobs/uploads`: opens an upload session (or finds the blob already held: `.done`).
    public func createUpload(_ request: CreateUploadRequest) async throws -> UploadStep {
        let spec = HTTPRequestSpec(
            method: "POST", path: "/v1/blobs/uploads", headers: [HTTPHeader("Content-Type", "application/json")],
            body: try SatchelJSON.encoder().encode(request))
        let response = try await exchange(spec)
        if response.status == 200 { return .done(try Self.decode(BlobReceipt.self, from: response)) }
        return .continue(try Self.decode(UploadSessionState.self, from: response))
    }

    /// `GET /v1/blobs/uploads/{id}`: where the session continues.
    public func uploadSession(_ id: String) async throws -> UploadSessionState {
        let spec = HTTPRequestSpec(method: "GET", path: "/v1/blobs/uploads/\(Self.percentEncoded(id))")
        return try Self.decode(UploadSessionState.self, from: try await exchange(spec))
    }

    /// `PATCH /v1/blobs/uploads/{id}`: sends `slice` (which starts at the session's offset `offset`); the new
    /// offset, or the receipt when this was the last part.
    public func patchUpload(_ id: String, offset: Int64, slice: FileSlice) async throws -> UploadStep {
        let spec = HTTPRequestSpec(
            method: "PATCH", path: "/v1/blobs/uploads/\(Self.percentEncoded(id))",
            headers: [
                HTTPHeader("Content-Type", "application/offset+octet-stream"),
                HTTPHeader(BlobLimits.offsetHeader, String(offset)),
            ],
            bodyFile: slice, stallTimeout: Self.stallSeconds)
        let response = try await exchange(spec)
        if response.status == 201 { return .done(try Self.decode(BlobReceipt.self, from: response)) }
        guard let next = response.header(BlobLimits.offsetHeader.lowercased()).flatMap(Int64.init) else {
            throw TransportError.malformedResponse("expected an \(BlobLimits.offsetHeader) header")
        }
        return .offset(next)
    }

    /// `GET /v1/blobs/{digest}` with `Range: bytes=from-(from+length-1)`: appends those bytes to `file`.
    /// Returns the blob's whole size (from `Content-Range`, or the body's length for a `200`).
    public func downloadBlob(_ digest: BlobDigest, from offset: Int64, length: Int64, appendingTo file: String) async throws -> Int64 {
        let spec = HTTPRequestSpec(
            method: "GET", path: "/v1/blobs/\(digest.text)",
            headers: [HTTPHeader("Range", "bytes=\(offset)-\(offset + length - 1)")],
            responseFile: file, stallTimeout: Self.stallSeconds)
        let response = try await exchange(spec)
        if response.status == 206, let range = response.header("content-range"),
           let total = range.split(separator: "/").last.flatMap({ Int64($0) })
        {
            return total
        }
        guard offset == 0, let length = response.header("content-length").flatMap(Int64.init) else {
            throw TransportError.malformedResponse("expected 206 with Content-Range for a range of \(digest.text)")
        }
        return length
    }

    /// `GET /v1/blobs/{digest}`: the whole blob in memory (for small blobs; large ones go to a file by ranges).
    public func fetchBlob(_ digest: BlobDigest) async throws -> Data {
        let spec = HTTPRequestSpec(method: "GET", path: "/v1/blobs/\(digest.text)", stallTimeout: Self.stallSeconds)
        return try await exchange(spec).body
    }

    /// `GET /v1/blobs/usage`: the account's stored bytes against its quota.
    public func blobUsage() async throws -> BlobUsage {
        try Self.decode(BlobUsage.self, from: try await exchange(HTTPRequestSpec(method: "GET", path: "/v1/blobs/usage")))
    }

    /// Seconds without a byte moving after which a blob transfer is abandoned (then resumed).
    static let stallSeconds: TimeInterval = 30
}

/// Where an upload stands after a request.
public enum UploadStep: Sendable, Hashable {
    /// The server holds the blob.
    case done(BlobReceipt)
    /// A session is open; continue from its offset.
    case `continue`(UploadSessionState)
    /// The session holds this many bytes now.
    case offset(Int64)
}
