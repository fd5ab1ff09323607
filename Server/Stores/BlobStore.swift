import Foundation
import SatchelShared

/// Each account's blobs (content-addressed files) and its staged uploads.
///
/// Bytes are staged first (a whole `PUT` and an upload session alike), then committed: a blob becomes
/// visible only through ``commitStage(userId:id:now:)``, after the caller checked its size and digest, so a
/// partial or wrong upload is never served. Every lookup is keyed by account: another account's digest or
/// stage id is exactly as absent as one nobody holds. Reads stream the bytes in chunks, never a whole blob.
public protocol BlobStore: Sendable {
    /// Those of `digests` that `userId` does not hold, in the order asked; the held ones are touched at
    /// `touchedAt`, which keeps them from garbage collection for the grace period.
    func missingBlobs(userId: UUID, digests: [BlobDigest], touchedAt: Date) async throws -> [BlobDigest]
    /// `userId`'s blob named `digest`, or `nil`.
    func blob(userId: UUID, digest: BlobDigest) async throws -> StoredBlob?
    /// `userId`'s stored blobs and staged bytes.
    func blobUsage(userId: UUID) async throws -> BlobStorageUsage
    /// Streams `range` of `userId`'s blob `digest` to `consume`, in chunks in order; returns false (calling
    /// `consume` never) when the account does not hold it. `range` must lie inside the blob.
    func readBlob(
        userId: UUID, digest: BlobDigest, range: Range<Int64>, consume: ([UInt8]) async throws -> Void
    ) async throws -> Bool

    /// Opens an empty stage; its `offset` is 0.
    func createStage(_ stage: BlobStage) async throws
    /// `userId`'s stage `id`, with the offset it holds durably, or `nil`.
    func stage(userId: UUID, id: String) async throws -> BlobStage?
    /// Appends `bytes` at `offset` of the stage, which must be where its bytes end (else
    /// ``BlobStoreError/offsetMismatch(current:)``, or ``BlobStoreError/noSuchStage`` when it is gone). The bytes
    /// are durable, and the stage's offset counts them, once ``flushStage(userId:id:now:)`` returns.
    func appendToStage(userId: UUID, id: String, offset: Int64, bytes: [UInt8]) async throws
    /// Makes every appended byte durable and records the stage's offset as written at `now`; returns it.
    @discardableResult func flushStage(userId: UUID, id: String, now: Date) async throws -> Int64
    /// Streams the stage's durable bytes to `consume` in chunks, in order (to hash a finished session).
    func readStage(userId: UUID, id: String, consume: ([UInt8]) async throws -> Void) async throws
    /// Turns the flushed stage into the blob `stage.digest` of `userId`, atomically, and deletes the stage.
    /// The caller has checked its size and digest. When the account already holds the blob, the stage is
    /// dropped and the existing blob returned with `created` false.
    func commitStage(userId: UUID, id: String, now: Date) async throws -> (blob: StoredBlob, created: Bool)
    /// Drops a stage and its bytes; nothing when it does not exist.
    func deleteStage(userId: UUID, id: String) async throws

    /// One garbage-collection sweep: blobs no live record of their account references are marked
    /// unreferenced (a mark is cleared when one references them again); blobs unreferenced and untouched for
    /// `grace` are deleted; stages not written for ``BlobStageRules/staleAfter`` are deleted.
    @discardableResult func collectBlobGarbage(now: Date, grace: TimeInterval) async throws -> BlobGarbageReport
}

/// A blob an account holds.
public struct StoredBlob: Sendable, Hashable {
    /// The content's digest.
    public var digest: BlobDigest
    /// Bytes.
    public var size: Int64
    /// The media type it is served with.
    public var mediaType: String
    /// When it was committed.
    public var createdAt: Date

    /// Creates a stored blob.
    public init(digest: BlobDigest, size: Int64, mediaType: String, createdAt: Date) {
        self.digest = digest
        self.size = size
        self.mediaType = mediaType
        self.createdAt = createdAt
    }
}

/// Bytes on their way to becoming a blob: a whole `PUT` or an upload session.
public struct BlobStage: Sendable, Hashable {
    /// Random id (an upload session's URL names it).
    public var id: String
    /// The account uploading.
    public var userId: UUID
    /// The digest the bytes must have.
    public var digest: BlobDigest
    /// The declared size, when one was declared.
    public var size: Int64?
    /// The media type the blob will be served with.
    public var mediaType: String
    /// Bytes held durably.
    public var offset: Int64
    /// When bytes were last written (or the stage opened).
    public var writtenAt: Date

    /// Creates a stage.
    public init(
        id: String, userId: UUID, digest: BlobDigest, size: Int64?, mediaType: String, offset: Int64 = 0,
        writtenAt: Date
    ) {
        self.id = id
        self.userId = userId
        self.digest = digest
        self.size = size
        self.mediaType = mediaType
        self.offset = offset
        self.writtenAt = writtenAt
    }
}

/// An account's stored blobs and staged bytes.
public struct BlobStorageUsage: Sendable, Hashable {
    /// Bytes of committed blobs plus staged bytes.
    public var bytes: Int64
    /// Committed blobs.
    public var count: Int

    /// Creates a usage figure.
    public init(bytes: Int64, count: Int) {
        self.bytes = bytes
        self.count = count
    }
}

/// What one garbage-collection sweep did.
public struct BlobGarbageReport: Sendable, Hashable {
    /// Blobs newly marked unreferenced.
    public var marked = 0
    /// Marks cleared because a record references the blob again.
    public var unmarked = 0
    /// Blobs deleted.
    public var deletedBlobs = 0
    /// Stale stages deleted.
    public var deletedStages = 0

    /// Creates a report.
    public init(marked: Int = 0, unmarked: Int = 0, deletedBlobs: Int = 0, deletedStages: Int = 0) {
        self.marked = marked
        self.unmarked = unmarked
        self.deletedBlobs = deletedBlobs
        self.deletedStages = deletedStages
    }
}

/// Why a stage operation could not be done.
public enum BlobStoreError: Error, Sendable, Equatable {
    /// The stage's bytes end at `current`, not where the append started.
    case offsetMismatch(current: Int64)
    /// The stage does not exist (never did, belongs to another account, or was collected).
    case noSuchStage
}

/// Fixed rules of stages and blob storage shared by both stores.
public enum BlobStageRules {
    /// A stage not written for this long is deleted by the sweep: 24 hours.
    public static let staleAfter: TimeInterval = 86_400
    /// Bytes per chunk a read hands over (SQLite) and per stored chunk row (PostgreSQL).
    public static let chunkBytes = 1 << 20
    /// Bytes per chunk a SQLite file read hands over.
    public static let fileReadBytes = 256 << 10

    /// The digests named by the `attachments` field of a record's stored fields JSON (text), if any.
    public static func referencedDigests(fieldsJSON: String) -> [BlobDigest] {
        guard fieldsJSON.contains("\"sha256:"),
              case .object(let fields)? = try? JSONValue(parsing: fieldsJSON)
        else { return [] }
        return Attachment.list(fields["attachments"]).map(\.digest)
    }
}
