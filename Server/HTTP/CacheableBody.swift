import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SatchelShared

/// A public read's representation as a route builds it: the bytes and the headers that go with them
/// (media type, `Link`, `Cache-Control`), before any entity tag.
public struct CacheableBody: Sendable {
    /// The encoded body.
    public var bytes: ByteBuffer
    /// The headers of a 200 response, without `ETag`.
    public var headers: HTTPFields

    /// `value` as JSON in the Satchel conventions.
    public static func json<T: Encodable>(_ value: T, headers: HTTPFields = [:]) throws -> CacheableBody {
        var headers = headers
        headers[.contentType] = EncodedJSON.contentType
        return CacheableBody(bytes: ByteBuffer(bytes: try SatchelResponseEncoder.data(value)), headers: headers)
    }

    /// `Cache-Control` of a public page: any cache may keep it, but must revalidate it before reuse.
    public static let pageCacheControl = "public, no-cache"

    /// An HTML page, revalidated before reuse by any cache that keeps it.
    public static func html(_ text: String) -> CacheableBody {
        CacheableBody(
            bytes: ByteBuffer(string: text),
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: pageCacheControl])
    }

    /// A 200 tagged by hashing the bytes, as responses that are not cached are (a signed-in reader's,
    /// which may show what only they may see).
    public func hashTaggedResponse() -> Response {
        var headers = headers
        headers[.eTag] = EntityTag.of(Data(buffer: bytes))
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }
}
