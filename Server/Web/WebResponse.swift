import Foundation
import HTTPTypes
import Hummingbird

/// Builds the blog's responses: a strong `ETag` over the exact bytes, 304 for a matching
/// `If-None-Match`, and a `Cache-Control` fit for a public page.
enum WebResponse {
    /// Public pages may be stored by any cache but are revalidated before use (a cheap 304), so a new
    /// comment shows at once after the form's redirect.
    static let pageCacheControl = "public, no-cache"

    /// An HTML page.
    static func html(_ text: String, status: HTTPResponse.Status = .ok, request: Request, headers: HTTPFields = [:])
        -> Response
    {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        if headers[.cacheControl] == nil { headers[.cacheControl] = status == .ok ? pageCacheControl : "no-store" }
        return tagged(Data(text.utf8), status: status, request: request, headers: headers)
    }

    /// `data` with a strong entity tag; a GET naming that tag in `If-None-Match` gets 304 and no body.
    static func tagged(
        _ data: Data, status: HTTPResponse.Status = .ok, request: Request, headers: HTTPFields
    ) -> Response {
        var headers = headers
        let tag = JSONResponse.etag(of: data)
        headers[.eTag] = tag
        if status == .ok, request.method == .get || request.method == .head,
           let condition = request.headers[.ifNoneMatch], JSONResponse.matches(condition, tag)
        {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A 303 See Other to `location`, the redirect of Post/Redirect/Get.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
