import Foundation
import HTTPTypes
import Hummingbird

/// Conditional reads (RFC 9110 §13) for every route in one place: a GET or HEAD whose 200 carries an
/// `ETag` named by `If-None-Match` — or, without `If-None-Match`, a `Last-Modified` no later than
/// `If-Modified-Since` — is answered 304 with no body. Routes only tag what they send: the JSON encoder
/// hashes the bytes, the read cache names the store's versions (so a cached read is answered without
/// building anything), pages and feeds hash their text.
public struct ConditionalRequestMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The headers a 304 keeps from the 200 it stands for (RFC 9110 §15.4.5); the content's own
    /// headers (`Content-Type`, `Link`) go with the body.
    /// The middleware; it holds no state.
    public init() {}

    static var keptHeaders: [HTTPField.Name] {
        [.eTag, .cacheControl, .contentLocation, .expires, .vary, .lastModified]
    }

    /// Runs the request through the rest of the chain.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let response = try await next(request, context)
        guard request.method == .get || request.method == .head, response.status == .ok,
              Self.isNotModified(request: request.headers, response: response.headers)
        else { return response }
        var headers = HTTPFields()
        for name in Self.keptHeaders {
            if let value = response.headers[name] { headers[name] = value }
        }
        return Response(status: .notModified, headers: headers)
    }

    /// Whether a 200 with `response` headers is, for a request with `request` headers, not modified.
    static func isNotModified(request: HTTPFields, response: HTTPFields) -> Bool {
        if let condition = request[.ifNoneMatch] {
            guard let tag = response[.eTag] else { return false }
            return EntityTag.matches(condition, tag)
        }
        guard let since = request[.ifModifiedSince], let modified = response[.lastModified],
              let sinceDate = HTTPDate.parse(since), let modifiedDate = HTTPDate.parse(modified)
        else { return false }
        return modifiedDate <= sinceDate
    }
}
