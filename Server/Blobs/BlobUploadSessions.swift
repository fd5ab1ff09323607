import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// Upload sessions under `/v1/blobs/uploads` (after tus's core protocol): open, ask the offset, append
/// from it, cancel. The last byte verifies and commits the blob.
struct BlobUploadSessions {
    let dependencies: ServerDependencies
    let locks: UploadLocks

    /// `POST /v1/blobs/uploads`.
    func create(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await request.decode(as: CreateUploadRequest.self, context: context)
        let limits = dependencies.blobLimits
        let store = dependencies.blobs
        var validator = FieldValidator()
        if body.size < 0 { validator.fail("size", "must be a whole number of bytes.") }
        if !AttachmentRules.isMediaType(body.mediaType) { validator.fail("mediaType", "must be a media type such as application/pdf.") }
        try validator.check()
        if body.size > limits.maxBlobBytes { throw BlobProblems.tooLarge(limit: limits.maxBlobBytes) }
        if let held = try await store.blob(userId: user.id, digest: body.digest) {
            return try BlobJSON.response(BlobReceipt(digest: body.digest, size: held.size, mediaType: held.mediaType), status: .ok)
        }
        let usage = try await store.blobUsage(userId: user.id).bytes
        if usage + body.size > limits.quotaBytes { throw BlobProblems.quotaExceeded(quota: limits.quotaBytes, usage: usage) }
        let now = dependencies.clock()
        let stage = BlobStage(
            id: UploadSessionId.make(), userId: user.id, digest: body.digest, size: body.size, mediaType: body.mediaType,
            writtenAt: now)
        try await store.createStage(stage)
        if body.size == 0 { return try await finish(stage, user: user) }
        return try BlobJSON.response(
            state(of: stage), status: .created,
            headers: [.location: "/v1/blobs/uploads/\(stage.id)", BlobHeaders.uploadOffset: "0"])
    }

    /// `GET /v1/blobs/uploads/{id}` (and `HEAD`): the session with `Upload-Offset`.
    func state(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        var stage = try await session(user: user, context: context)
        // A request still writing the session (often one just cut) ends first, so the offset is the one its
        // bytes reached.
        await locks.waitUntilFree("\(user.id)/\(stage.id)", waiting: UploadLocks.patience)
        stage = try await session(user: user, context: context)
        return try BlobJSON.response(state(of: stage), status: .ok, headers: [BlobHeaders.uploadOffset: String(stage.offset)])
    }

    /// `PATCH /v1/blobs/uploads/{id}`: bytes from `Upload-Offset` on.
    func append(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
        guard mediaType?.lowercased() == "application/offset+octet-stream" else {
            throw APIError(
                .unsupportedMediaType, type: "/problems/unsupported-media-type", title: "Unsupported media type",
                detail: "Send the bytes as Content-Type: application/offset+octet-stream.",
                headers: [.accept: "application/offset+octet-stream"])
        }
        guard let text = request.headers[BlobHeaders.uploadOffset], let offset = Int64(text), offset >= 0 else {
            throw APIError.badParameter(BlobLimits.offsetHeader, "must be the offset the session holds (ask with HEAD).")
        }
        let stage = try await session(user: user, context: context)
        let key = "\(user.id)/\(stage.id)"
        guard await locks.take(key, waiting: UploadLocks.patience) else { throw BlobProblems.offsetMismatch(current: stage.offset) }
        defer { locks.release(key) }
        // Read again under the lock: a request that just ended may have moved it.
        guard let current = try await dependencies.blobs.stage(userId: user.id, id: stage.id) else {
            throw BlobProblems.sessionNotFound
        }
        guard offset == current.offset else { throw BlobProblems.offsetMismatch(current: current.offset) }
        let size = current.size ?? 0
        if let text = request.headers[.contentLength], let length = Int64(text), offset + length > size {
            throw BlobProblems.wrongLength("The session's blob has \(size) bytes; this body would end at \(offset + length).")
        }
        let limits = dependencies.blobLimits
        var intake = BlobIntake(
            store: dependencies.blobs, stage: current, end: size,
            pastEnd: BlobProblems.wrongLength("The session's blob has \(size) bytes; the body went past them."),
            quota: limits.quotaBytes, usage: try await dependencies.blobs.blobUsage(userId: user.id).bytes,
            hashing: false, clock: dependencies.clock)
        let reached: Int64
        do {
            reached = try await intake.receive(request.body)
        } catch BlobIntake.Stop.refused(let problem) {
            try? await dependencies.blobs.deleteStage(userId: user.id, id: current.id)
            throw problem
        } catch BlobIntake.Stop.cut(let cause) {
            throw cause
        }
        var flushed = current
        flushed.offset = reached
        if reached == size { return try await finish(flushed, user: user) }
        return Response(status: .noContent, headers: [BlobHeaders.uploadOffset: String(reached), .cacheControl: "no-store"])
    }

    /// `DELETE /v1/blobs/uploads/{id}`.
    func cancel(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let stage = try await session(user: user, context: context)
        try await dependencies.blobs.deleteStage(userId: user.id, id: stage.id)
        return Response(status: .noContent)
    }

    /// Hashes the complete stage and commits it: `201` with the receipt (`200` when the account already
    /// held the blob), or `422` with the stage dropped.
    private func finish(_ stage: BlobStage, user: User) async throws -> Response {
        let store = dependencies.blobs
        let hasher = HashingSink()
        try await store.readStage(userId: user.id, id: stage.id) { chunk in hasher.update(chunk) }
        let actual = hasher.digest()
        guard actual == stage.digest else {
            try? await store.deleteStage(userId: user.id, id: stage.id)
            throw BlobProblems.digestMismatch(expected: stage.digest, actual: actual)
        }
        let (blob, created) = try await store.commitStage(userId: user.id, id: stage.id, now: dependencies.clock())
        return try BlobJSON.response(
            BlobReceipt(digest: blob.digest, size: blob.size, mediaType: blob.mediaType), status: created ? .created : .ok,
            headers: [BlobHeaders.uploadOffset: String(blob.size)])
    }

    /// The caller's session named by the path: 404 alike for a malformed id, another account's and none.
    private func session(user: User, context: SatchelRequestContext) async throws -> BlobStage {
        let id = context.parameters.get("id") ?? ""
        guard UploadSessionId.isWellFormed(id), let stage = try await dependencies.blobs.stage(userId: user.id, id: id) else {
            throw BlobProblems.sessionNotFound
        }
        return stage
    }

    private func state(of stage: BlobStage) -> UploadSessionState {
        UploadSessionState(
            id: stage.id, digest: stage.digest, size: stage.size ?? 0, offset: stage.offset,
            expiresAt: stage.writtenAt.addingTimeInterval(BlobStageRules.staleAfter))
    }
}
