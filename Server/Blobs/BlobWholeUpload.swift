import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// `PUT /v1/blobs/{digest}`: one whole blob, hashed as it arrives into a stage and committed only when
/// its length and SHA-256 are right. Anything refused or cut leaves nothing behind.
struct BlobWholeUpload {
    let dependencies: ServerDependencies

    func put(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let digest = try BlobJSON.digestParameter(context)
        let limits = dependencies.blobLimits
        let store = dependencies.blobs
        var declared: Int64?
        if let text = request.headers[.contentLength] {
            guard let length = Int64(text), length >= 0 else { throw BlobProblems.wrongLength("Content-Length is not a number.") }
            declared = length
        }
        if let declared, declared > limits.maxBlobBytes { throw BlobProblems.tooLarge(limit: limits.maxBlobBytes) }
        // Held already: answered without reading a body of a declared (so bounded) length.
        if declared != nil, let held = try await store.blob(userId: user.id, digest: digest) {
            return try BlobJSON.response(BlobReceipt(digest: digest, size: held.size, mediaType: held.mediaType), status: .ok)
        }
        let usage = try await store.blobUsage(userId: user.id).bytes
        if let declared, usage + declared > limits.quotaBytes {
            throw BlobProblems.quotaExceeded(quota: limits.quotaBytes, usage: usage)
        }
        let now = dependencies.clock()
        let stage = BlobStage(
            id: UploadSessionId.make(), userId: user.id, digest: digest, size: declared,
            mediaType: BlobJSON.mediaType(request.headers[.contentType]), writtenAt: now)
        try await store.createStage(stage)
        var intake = BlobIntake(
            store: store, stage: stage, end: min(declared ?? limits.maxBlobBytes, limits.maxBlobBytes),
            pastEnd: BlobProblems.tooLarge(limit: limits.maxBlobBytes), quota: limits.quotaBytes, usage: usage,
            hashing: true, clock: dependencies.clock)
        do {
            let size = try await intake.receive(request.body)
            if let declared, size != declared {
                throw BlobProblems.wrongLength("The body was \(size) bytes, not the declared \(declared).")
            }
            let actual = intake.hasher.map(BlobDigest.of) ?? digest
            guard actual == digest else { throw BlobProblems.digestMismatch(expected: digest, actual: actual) }
            let (blob, created) = try await store.commitStage(userId: user.id, id: stage.id, now: dependencies.clock())
            return try BlobJSON.response(
                BlobReceipt(digest: digest, size: blob.size, mediaType: blob.mediaType), status: created ? .created : .ok)
        } catch {
            try? await store.deleteStage(userId: user.id, id: stage.id)
            switch error {
            case BlobIntake.Stop.refused(let problem): throw problem
            case BlobIntake.Stop.cut(let cause): throw cause
            default: throw error
            }
        }
    }
}

/// Upload session ids: 128 random bits as 32 lower-case hex digits.
enum UploadSessionId {
    /// A new random id.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let text = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }

    /// Whether `text` has the form of an id (anything else names no session).
    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
