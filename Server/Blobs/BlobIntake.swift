import Crypto
import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// Streams a request body into a stage: ~1 MiB appends, flushed every 16 MiB and at the end, hashed as
/// the bytes arrive when asked, and cut off the moment the bytes cross the blob's end or the account's
/// quota. Used by whole `PUT`s and by upload sessions' `PATCH`es.
struct BlobIntake {
    let store: any BlobStore
    let stage: BlobStage
    let clock: @Sendable () -> Date
    /// Where the bytes must stop, and the error that answers a body going past it.
    let end: Int64
    let pastEnd: APIError
    let quota: Int64
    /// Bytes past the last flush that are not yet appended.
    private var pending: [UInt8] = []
    /// Where the next append goes.
    private(set) var offset: Int64
    /// The account's usage at the last flush, and the bytes received since.
    private var usage: Int64
    private var sinceUsage: Int64 = 0
    private var sinceFlush: Int64 = 0
    /// Hashes every byte received, when the caller wants the digest at the end.
    var hasher: SHA256?

    static let appendBytes = BlobStageRules.chunkBytes
    static let flushBytes: Int64 = 16 << 20

    /// Starts at the stage's durable offset; `usage` is the account's usage now (this stage included).
    init(
        store: any BlobStore, stage: BlobStage, end: Int64, pastEnd: APIError, quota: Int64, usage: Int64,
        hashing: Bool, clock: @escaping @Sendable () -> Date
    ) {
        self.store = store
        self.stage = stage
        self.end = end
        self.pastEnd = pastEnd
        self.quota = quota
        self.usage = usage
        self.offset = stage.offset
        self.hasher = hashing ? SHA256() : nil
        self.clock = clock
    }

    /// Why the body stopped arriving early or had to be cut.
    enum Stop: Error {
        /// The body crossed `end` or the quota: the caller drops the stage.
        case refused(APIError)
        /// The body could not be read to its end (a cut, a stall): what arrived is flushed.
        case cut(any Error)
    }

    /// Reads `body` to its end into the stage; returns the durable offset. Throws ``Stop``.
    mutating func receive(_ body: RequestBody) async throws -> Int64 {
        do {
            for try await buffer in body {
                try await take(buffer)
            }
        } catch let stop as Stop {
            throw stop
        } catch let error as StoreError {
            throw error
        } catch let error as BlobStoreError {
            throw error
        } catch {
            await flushAfterCut()
            throw Stop.cut(error)
        }
        return try await flush()
    }

    /// Keeps what a cut request delivered. The request's task is usually cancelled with its connection, and
    /// the store's calls refuse to start in a cancelled task: the appends and the flush run in a task of
    /// their own, which the cancellation does not reach, so the session's offset covers every byte received.
    private mutating func flushAfterCut() async {
        let (store, userId, id, bytes, start, now) = (self.store, stage.userId, stage.id, pending, offset, clock())
        let durable = await Task.detached { () -> Int64? in
            if !bytes.isEmpty {
                guard (try? await store.appendToStage(userId: userId, id: id, offset: start, bytes: bytes)) != nil else {
                    return nil
                }
            }
            return try? await store.flushStage(userId: userId, id: id, now: now)
        }.value
        pending.removeAll()
        if let durable { offset = durable }
    }

    private mutating func take(_ buffer: ByteBuffer) async throws {
        let count = Int64(buffer.readableBytes)
        let received = offset + Int64(pending.count) + count
        if received > end { throw Stop.refused(pastEnd) }
        if usage + sinceUsage + count > quota {
            throw Stop.refused(BlobProblems.quotaExceeded(quota: quota, usage: usage))
        }
        sinceUsage += count
        buffer.withUnsafeReadableBytes { bytes in
            pending.append(contentsOf: bytes)
            hasher?.update(bufferPointer: bytes)
        }
        if pending.count >= Self.appendBytes { try await append() }
        if sinceFlush >= Self.flushBytes {
            _ = try await flush()
            usage = try await store.blobUsage(userId: stage.userId).bytes
            sinceUsage = 0
        }
    }

    private mutating func append() async throws {
        guard !pending.isEmpty else { return }
        try await store.appendToStage(userId: stage.userId, id: stage.id, offset: offset, bytes: pending)
        offset += Int64(pending.count)
        sinceFlush += Int64(pending.count)
        pending.removeAll(keepingCapacity: true)
    }

    /// Appends what is pending and makes it durable.
    private mutating func flush() async throws -> Int64 {
        try await append()
        sinceFlush = 0
        offset = try await store.flushStage(userId: stage.userId, id: stage.id, now: clock())
        return offset
    }
}
