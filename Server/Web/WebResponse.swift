import Foundation
import HTTPTypes
import Hummingbird
import SatchelHTTP

/// Builds the blog's responses: a strong `ETag` over the exact bytes (``ConditionalRequestMiddleware``
/// answers a matching `If-None-Match` with 304) and a `Cache-Control` fit for a public page.
enum WebResponse {
    /// Public pages may be stored by any cache but are revalidated before use (a cheap 304), so a new
    /// comment shows at once after the form's redirect.
    static let pageCacheControl = CacheableBody.pageCacheControl

    /// An HTML page.
    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        if headers[.cacheControl] == nil { headers[.cacheControl] = status == .ok ? pageCacheControl : "no-store" }
        return tagged(Data(text.utf8), status: status, headers: headers)
    }

    /// `data` with a strong entity tag.
    static func tagged(_ data: Data, status: HTTPResponse.Status = .ok, headers: HTTPFields) -> Response {
        var headers = headers
        headers[.eTag] = EntityTag.of(data)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A 303 See Other to `location`, the redirect of Post/Redirect/Get.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
