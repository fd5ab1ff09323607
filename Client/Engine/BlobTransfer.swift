import Foundation
import SatchelShared

/// Moves blobs between the cache and the server: uploads (whole, or through a session that continues from
/// the offset the server confirmed after a cut) and downloads (a range at a time into a partial file that a
/// later run continues), every download checked against its digest before it enters the cache.
struct BlobTransfer: Sendable {
    let server: any BlobServer
    let cache: BlobCache
    /// Bytes per session part (also the step of upload progress reports).
    var chunk: Int64 = BlobLimits.sessionChunk
    /// Bytes per download request of a large blob (also the step of download progress reports); blobs up to
    /// ``BlobLimits/sessionThreshold`` come in one request, in memory.
    var downloadChunk: Int64 = 32 << 20
    /// Failed requests in a row after which a transfer gives up (it resumes at the next sync).
    var attempts = 5

    /// Uploads those of `attachments` the server lacks, from the cache; returns how many it sent. A blob
    /// that is neither on the server nor on this machine is listed in the error.
    func uploadMissing(
        _ attachments: [BlobDigest: Attachment], sessions: UploadSessionBook,
        progress: @escaping @Sendable (Int64) -> Void = { _ in }
    ) async throws -> Int {
        var sent = 0
        let digests = attachments.keys.sorted()
        for start in stride(from: 0, to: digests.count, by: BlobLimits.maxDigestsPerQuery) {
            let page = Array(digests[start..<min(start + BlobLimits.maxDigestsPerQuery, digests.count)])
            var wanted: [Attachment] = []
            for digest in try await server.missingBlobs(page) {
                guard let attachment = attachments[digest], cache.contains(digest) else {
                    throw BlobTransferError.notOnThisMachine(digest)
                }
                wanted.append(attachment)
            }
            // Four at a time, as many as the transport keeps connections open.
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = wanted.makeIterator()
                for _ in 0..<Self.parallel {
                    guard let attachment = next.next() else { break }
                    group.addTask { try await upload(attachment, sessions: sessions, progress: progress) }
                }
                for try await _ in group {
                    sent += 1
                    if let attachment = next.next() {
                        group.addTask { try await upload(attachment, sessions: sessions, progress: progress) }
                    }
                }
            }
        }
        return sent
    }

    /// Transfers at once.
    static let parallel = 4

    /// Uploads one cached blob.
    func upload(_ attachment: Attachment, sessions: UploadSessionBook, progress: @Sendable (Int64) -> Void = { _ in }) async throws {
        let file = cache.path(for: attachment.digest)
        guard let size = BlobCache.fileSize(file) else { throw BlobTransferError.notOnThisMachine(attachment.digest) }
        if size < BlobLimits.sessionThreshold {
            _ = try await retrying { try await server.putBlob(attachment.digest, file: file, size: size, mediaType: attachment.mediaType) }
            progress(size)
            return
        }
        var session = try await openSession(attachment, size: size, sessions: sessions)
        guard var (id, offset) = session else { return progress(size) }
        var failures = 0
        while true {
            let length = min(chunk, size - offset)
            do {
                switch try await server.patchUpload(id, offset: offset, slice: FileSlice(path: file, offset: offset, length: length)) {
                case .done:
                    try sessions.forget(attachment.digest)
                    return progress(size)
                case .offset(let next):
                    offset = next
                    failures = 0
                    progress(offset)
                case .continue(let state):
                    offset = state.offset
                    failures = 0
                    progress(offset)
                }
            } catch let error as TransportError where error.isRetryable || error.status == 409 {
                failures += 1
                if failures >= attempts { throw error }
                try await pause(after: failures, error)
                // The server keeps what arrived: continue from the offset it confirms, not from zero.
                offset = try await retrying { try await server.uploadSession(id).offset }
            } catch let error as TransportError where error.status == 404 {
                // The session expired: start a new one.
                try sessions.forget(attachment.digest)
                session = try await openSession(attachment, size: size, sessions: sessions)
                guard let reopened = session else { return progress(size) }
                (id, offset) = reopened
            }
        }
    }

    /// The session to continue (one recorded from an earlier run, at the server's offset) or a new one;
    /// `nil` when the server already holds the blob.
    private func openSession(_ attachment: Attachment, size: Int64, sessions: UploadSessionBook) async throws -> (String, Int64)? {
        if let id = try sessions.session(for: attachment.digest),
           let state = try? await retrying({ try await server.uploadSession(id) }), state.digest == attachment.digest
        {
            return (id, state.offset)
        }
        let request = CreateUploadRequest(digest: attachment.digest, size: size, mediaType: attachment.mediaType)
        switch try await retrying({ try await server.createUpload(request) }) {
        case .done, .offset:
            return nil
        case .continue(let state):
            try sessions.record(state.id, for: attachment.digest)
            return (state.id, state.offset)
        }
    }

    /// Downloads a blob into the cache, continuing a partial file an earlier run left; checks the digest.
    func download(_ attachment: Attachment, progress: @Sendable (Int64) -> Void = { _ in }) async throws {
        let digest = attachment.digest
        if cache.contains(digest) { return }
        if attachment.size < BlobLimits.sessionThreshold {
            let bytes = try await retrying { try await server.fetchBlob(digest) }
            try cache.store(bytes, as: digest)
            return progress(Int64(bytes.count))
        }
        let partial = cache.partialPath(for: digest)
        if !FileManager.default.fileExists(atPath: partial) { _ = FileManager.default.createFile(atPath: partial, contents: nil) }
        var total = attachment.size
        var failures = 0
        while true {
            let have = BlobCache.fileSize(partial) ?? 0
            if have > total {
                // More bytes than the blob has: start over.
                try? FileManager.default.removeItem(atPath: partial)
                _ = FileManager.default.createFile(atPath: partial, contents: nil)
                continue
            }
            if have == total { break }
            do {
                total = try await server.downloadBlob(
                    digest, from: have, length: min(downloadChunk, total - have), appendingTo: partial)
                failures = 0
                progress(BlobCache.fileSize(partial) ?? 0)
            } catch let error as TransportError where error.isRetryable {
                failures += 1
                if failures >= attempts { throw error }
                try await pause(after: failures, error)
                // A cut response may have left a partial range behind: the file's length says where to go on.
            }
        }
        try cache.commitPartial(digest)
    }

    /// Runs `body`, again after a retryable failure, at most ``attempts`` times.
    private func retrying<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        var failures = 0
        while true {
            do {
                return try await body()
            } catch let error as TransportError where error.isRetryable {
                failures += 1
                if failures >= attempts { throw error }
                try await pause(after: failures, error)
            }
        }
    }

    /// A short pause before trying again: none after a cut connection's first failure, growing after
    /// more, and at least what the server asked for.
    private func pause(after failures: Int, _ error: TransportError) async throws {
        let seconds = max(error.retryAfter ?? 0, failures > 1 ? 0.1 * Double(1 << min(failures, 6)) : 0)
        if seconds > 0 { try await Task.sleep(for: .seconds(interval: min(seconds, 30))) }
    }
}

/// Why blobs could not move.
enum BlobTransferError: Error, Sendable, CustomStringConvertible {
    /// A record names a blob that neither the server nor this machine holds.
    case notOnThisMachine(BlobDigest)

    var description: String {
        switch self {
        case .notOnThisMachine(let digest): "the file \(digest) is neither on this machine nor on the server"
        }
    }
}

/// The upload sessions in progress, kept in the local database so a run after a kill continues them.
struct UploadSessionBook: Sendable {
    let database: LocalDatabase

    /// The session recorded for `digest`.
    func session(for digest: BlobDigest) throws -> String? {
        try database.read { try $0.meta.value(forKey: Self.key(digest)) }
    }

    /// Records the session opened for `digest`.
    func record(_ id: String, for digest: BlobDigest) throws {
        try database.write { try $0.meta.setValue(id, forKey: Self.key(digest)) }
    }

    /// Forgets the session of `digest` (finished or expired).
    func forget(_ digest: BlobDigest) throws {
        try database.write { try $0.meta.setValue(nil, forKey: Self.key(digest)) }
    }

    private static func key(_ digest: BlobDigest) -> String { "upload-session." + digest.text }
}
