import Foundation

/// `POST /v1/blobs/missing` request: the digests a client is about to reference.
public struct MissingBlobsRequest: Codable, Sendable, Hashable {
    /// At most ``BlobLimits/maxDigestsPerQuery`` digests.
    public var digests: [BlobDigest]

    /// Creates a request.
    public init(digests: [BlobDigest]) { self.digests = digests }
}

/// `POST /v1/blobs/missing` response: those of the request's digests this account does not hold.
public struct MissingBlobsResponse: Codable, Sendable, Hashable {
    /// Digests to upload before pushing a mutation that references them.
    public var missing: [BlobDigest]

    /// Creates a response.
    public init(missing: [BlobDigest]) { self.missing = missing }
}

/// A blob an account holds, as `PUT /v1/blobs/{digest}` and a finished upload session answer.
public struct BlobReceipt: Codable, Sendable, Hashable {
    /// The content's digest.
    public var digest: BlobDigest
    /// Bytes.
    public var size: Int64
    /// The media type it is served with.
    public var mediaType: String

    /// Creates a receipt.
    public init(digest: BlobDigest, size: Int64, mediaType: String) {
        self.digest = digest
        self.size = size
        self.mediaType = mediaType
    }
}

/// `POST /v1/blobs/uploads` request: opens a resumable upload of one blob.
public struct CreateUploadRequest: Codable, Sendable, Hashable {
    /// The digest the bytes must have.
    public var digest: BlobDigest
    /// The exact number of bytes that will be sent.
    public var size: Int64
    /// The media type to serve it with.
    public var mediaType: String

    /// Creates a request.
    public init(digest: BlobDigest, size: Int64, mediaType: String) {
        self.digest = digest
        self.size = size
        self.mediaType = mediaType
    }
}

/// An upload session's state: where the next bytes go.
public struct UploadSessionState: Codable, Sendable, Hashable {
    /// The session's id (its URL is `/v1/blobs/uploads/{id}`).
    public var id: String
    /// The digest the bytes must have.
    public var digest: BlobDigest
    /// The blob's size.
    public var size: Int64
    /// Bytes the server holds durably: the next `PATCH` starts here.
    public var offset: Int64
    /// When the server forgets an unfinished session.
    public var expiresAt: Date

    /// Creates a state.
    public init(id: String, digest: BlobDigest, size: Int64, offset: Int64, expiresAt: Date) {
        self.id = id
        self.digest = digest
        self.size = size
        self.offset = offset
        self.expiresAt = expiresAt
    }
}

/// An account's stored blobs against its quota (`GET /v1/blobs/usage`).
public struct BlobUsage: Codable, Sendable, Hashable {
    /// Bytes of the account's blobs.
    public var bytes: Int64
    /// How many blobs.
    public var count: Int
    /// The account's quota in bytes.
    public var quotaBytes: Int64

    /// Creates a usage report.
    public init(bytes: Int64, count: Int, quotaBytes: Int64) {
        self.bytes = bytes
        self.count = count
        self.quotaBytes = quotaBytes
    }
}

/// Fixed limits of the blob API.
public enum BlobLimits {
    /// Most digests in one `POST /v1/blobs/missing`.
    public static let maxDigestsPerQuery = 1_000
    /// Blobs above this many bytes go through an upload session rather than one `PUT` (a client's choice;
    /// the server accepts a whole `PUT` up to its per-blob limit).
    public static let sessionThreshold: Int64 = 8 << 20
    /// Bytes per `PATCH` a client sends in one request of an upload session.
    public static let sessionChunk: Int64 = 8 << 20
    /// The header carrying an upload session's offset.
    public static let offsetHeader = "Upload-Offset"
    /// The code of a push refusal for blobs the account does not hold (the client uploads them and pushes again).
    public static let missingBlobsCode = "blobs-missing"
}
