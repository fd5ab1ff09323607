import Foundation
import SatchelShared

/// The blob calls of the protocol (docs/PROTOCOL.md §13), as the engine needs them; ``SatchelAPI``
/// implements them over HTTP.
public protocol BlobServer: Sendable {
    /// Those of `digests` the account does not hold.
    func missingBlobs(_ digests: [BlobDigest]) async throws -> [BlobDigest]
    /// Uploads a whole file in one request.
    func putBlob(_ digest: BlobDigest, file: String, size: Int64, mediaType: String) async throws -> BlobReceipt
    /// Opens an upload session.
    func createUpload(_ request: CreateUploadRequest) async throws -> UploadStep
    /// A session's state (its durable offset).
    func uploadSession(_ id: String) async throws -> UploadSessionState
    /// Sends the next part of a session.
    func patchUpload(_ id: String, offset: Int64, slice: FileSlice) async throws -> UploadStep
    /// A whole blob in memory.
    func fetchBlob(_ digest: BlobDigest) async throws -> Data
    /// Appends a range of a blob to a file; returns the blob's size.
    func downloadBlob(_ digest: BlobDigest, from offset: Int64, length: Int64, appendingTo file: String) async throws -> Int64
}

extension SatchelAPI: BlobServer {}
