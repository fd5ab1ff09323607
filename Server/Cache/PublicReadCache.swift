import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SatchelHTTP
import SatchelStores

/// Serves a public read from ``ResponseCache``: an anonymous GET costs one version read, then a stored
/// body (or one built once and stored), tagged with the store's versions; ``ConditionalRequestMiddleware``
/// answers a matching `If-None-Match` with 304, so a stored body is never built again. The entity tag
/// derives from the store's versions, so every process sharing a database gives the same tag for the same
/// content, and a write anywhere changes it. A signed-in reader's request is never cached (a draft, a held
/// comment or an email may show) and is tagged by hash.
struct PublicReadCache: Sendable {
    let cache: ResponseCache
    let versions: any VersionStore

    /// The key of an API read: its path and query.
    static func apiKey(_ request: Request) -> String { "api " + request.uri.description }

    /// The key of a web page, whose absolute links depend on `origin`, the one the reader used.
    static func pageKey(_ request: Request, origin: String) -> String {
        "web " + origin + " " + request.uri.description
    }

    /// The response for `key` (which names everything the body depends on besides the store's content:
    /// route, path, query, and origin for pages with absolute links), built by `build` when not stored.
    /// Only a 200 is ever tagged, so a conditional request gets 304 only when its answer is one: stored for
    /// this very key (valid, its resource existing, at these versions) or built now. A bad query or a
    /// missing post throws from `build` with its 400 or 404, whatever `If-None-Match` says.
    func respond(
        _ request: Request, context: SatchelRequestContext, key: String, build: () async throws -> CacheableBody
    ) async throws -> Response {
        guard context.user == nil, request.method == .get || request.method == .head else {
            return try await build().hashTaggedResponse()
        }
        let current: StoreVersions
        if let known = context.versions { current = known } else { current = try await versions.versions() }
        let entry: ResponseCache.Entry
        if let stored = cache.entry(for: key, at: current) {
            entry = stored
        } else {
            let built = try await build()
            entry = ResponseCache.Entry(versions: current, body: built.bytes, headers: built.headers)
            cache.store(entry, for: key)
        }
        var headers = entry.headers
        headers[.eTag] = Self.etag(current)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: entry.body))
    }

    /// The strong entity tag of everything built at `versions`: the epoch and the content version.
    static func etag(_ versions: StoreVersions) -> String {
        "\"v" + String(versions.epoch, radix: 36) + "-" + String(versions.content, radix: 36) + "\""
    }
}
