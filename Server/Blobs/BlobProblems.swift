import Foundation
import HTTPTypes
import Hummingbird
import SatchelHTTP
import SatchelShared

/// The problems of the blob API (PROTOCOL §13).
enum BlobProblems {
    /// 404, byte for byte the same whether another account holds the blob or nobody does.
    static let blobNotFound = APIError.notFound("The blob")
    /// 404 for an upload session, the same whether it belongs to another account or does not exist.
    static let sessionNotFound = APIError.notFound("The upload session")

    /// 422: the bytes' SHA-256 is not the digest they were sent under.
    static func digestMismatch(expected: BlobDigest, actual: BlobDigest) -> APIError {
        APIError(
            .unprocessableContent, type: "/problems/digest-mismatch", title: "Digest mismatch",
            detail: "The bytes' digest is \(actual.text), not \(expected.text); nothing was kept.")
    }

    /// 413: the blob is larger than the server's per-blob limit.
    static func tooLarge(limit: Int64) -> APIError {
        APIError(
            .contentTooLarge, type: "/problems/too-large", title: "Blob too large",
            detail: "Blobs are limited to \(limit) bytes on this server; nothing was kept.")
    }

    /// 507: storing the blob would take the account past its quota.
    static func quotaExceeded(quota: Int64, usage: Int64) -> APIError {
        APIError(
            .init(code: 507, reasonPhrase: "Insufficient Storage"), type: "/problems/quota-exceeded",
            title: "Storage quota exceeded",
            detail: "This account may store \(quota) bytes of blobs and holds \(usage); nothing was kept.")
    }

    /// 409: a `PATCH` did not start where the session's bytes end; `Upload-Offset` says where they do.
    static func offsetMismatch(current: Int64) -> APIError {
        APIError(
            .conflict, type: "/problems/offset-mismatch", title: "Upload offset mismatch",
            detail: "The session holds \(current) bytes: continue from there (ask with HEAD first).",
            headers: [BlobHeaders.uploadOffset: String(current)])
    }

    /// 400: the body did not have the length it was declared with.
    static func wrongLength(_ detail: String) -> APIError {
        .malformedBody(detail + " Nothing was kept.")
    }
}

/// Header names of the blob API.
enum BlobHeaders {
    /// `Upload-Offset`: the bytes an upload session holds.
    static let uploadOffset = HTTPField.Name(BlobLimits.offsetHeader)!
    /// `X-Content-Type-Options`.
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    /// `Content-Security-Policy`.
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    /// `Content-Disposition`.
    static let contentDisposition = HTTPField.Name("Content-Disposition")!
}
