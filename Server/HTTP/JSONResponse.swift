import Crypto
import Foundation
import Hummingbird
import Shared

/// Builds JSON responses with a strong `ETag`, answering `If-None-Match` with 304.
enum JSONResponse {
    /// Encodes `value`; a GET whose `If-None-Match` names the current ETag gets 304 with no body.
    static func make<T: Encodable>(
        _ value: T, status: HTTPResponse.Status = .ok, request: Request, headers: HTTPFields = [:]
    ) throws -> Response {
        make(encoded: try SatchelJSON.encoder().encode(value), status: status, request: request, headers: headers)
    }

    /// The same for a body already encoded as JSON. `tagged: false` skips the entity tag, for responses
    /// no one revalidates (sync pushes and pulls, which are `no-store`).
    static func make(
        encoded data: Data, status: HTTPResponse.Status = .ok, request: Request, headers: HTTPFields = [:],
        tagged: Bool = true
    ) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        guard tagged else {
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        let tag = etag(of: data)
        headers[.eTag] = tag
        if request.method == .get || request.method == .head,
           let condition = request.headers[.ifNoneMatch], matches(condition, tag)
        {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A strong entity tag of a representation: a quoted SHA-256 prefix.
    static func etag(of data: Data) -> String {
        let digest = SHA256.hash(data: data)
        return "\"" + HexDigest.text(digest.prefix(12)) + "\""
    }

    /// An entity tag of a value's JSON representation.
    static func etag<T: Encodable>(of value: T) throws -> String {
        etag(of: try SatchelJSON.encoder().encode(value))
    }

    /// Whether an `If-None-Match` / `If-Match` header value names `tag` (or is `*`).
    static func matches(_ header: String, _ tag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            let strong = trimmed.hasPrefix("W/") ? String(trimmed.dropFirst(2)) : trimmed
            return trimmed == "*" || strong == tag
        }
    }
}
