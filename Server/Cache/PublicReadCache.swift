import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves a public read from ``ResponseCache``: an anonymous GET costs one version read, then a stored
/// body (or one built once and stored), sent in full or, when `If-None-Match` names the current tag, as a
/// 304 — without building anything whenever the body is stored. The entity tag derives from the store's versions, so every process sharing a
/// database gives the same tag for the same content, and a write anywhere changes it. A signed-in
/// reader's request is never cached (a draft, a held comment or an email may show) and is tagged by hash.
struct PublicReadCache: Sendable {
    let cache: ResponseCache
    let versions: any VersionStore

    /// The key of an API read: its path and query.
    static func apiKey(_ request: Request) -> String { "api " + request.uri.description }

    /// The key of a web page, whose absolute links depend on the origin the reader used.
    static func pageKey(_ request: Request) -> String {
        "web " + WebSite.origin(of: request) + " " + request.uri.description
    }

    /// A cache over the dependencies' response cache and store versions.
    init(dependencies: ServerDependencies) {
        cache = dependencies.responseCache
        versions = dependencies.versions
    }

    /// The response for `key` (which names everything the body depends on besides the store's content:
    /// route, path, query, and origin for pages with absolute links), built by `build` when not stored.
    func respond(
        _ request: Request, context: SatchelRequestContext, key: String, cacheControl: String? = nil,
        build: () async throws -> CacheableBody
    ) async throws -> Response {
        guard context.user == nil, request.method == .get || request.method == .head else {
            return try await build().hashTaggedResponse(request: request)
        }
        let current: StoreVersions
        if let known = context.versions { current = known } else { current = try await versions.versions() }
        let tag = Self.etag(current)
        // A 304 only for a request whose answer is known to be a 200: one stored for this very key (so it
        // was valid, and its resource existed, at these versions) or built now. A bad query or a missing
        // post throws from `build` with its 400 or 404, whatever `If-None-Match` says.
        let entry: ResponseCache.Entry
        if let stored = cache.entry(for: key, at: current) {
            entry = stored
        } else {
            let built = try await build()
            entry = ResponseCache.Entry(versions: current, body: built.bytes, headers: built.headers)
            cache.store(entry, for: key)
        }
        if let condition = request.headers[.ifNoneMatch], JSONResponse.matches(condition, tag) {
            var headers: HTTPFields = [.eTag: tag]
            if let cacheControl { headers[.cacheControl] = cacheControl }
            return Response(status: .notModified, headers: headers)
        }
        var headers = entry.headers
        headers[.eTag] = tag
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: entry.body))
    }

    /// The strong entity tag of everything built at `versions`: the epoch and the content version.
    static func etag(_ versions: StoreVersions) -> String {
        "\"v" + String(versions.epoch, radix: 36) + "-" + String(versions.content, radix: 36) + "\""
    }
}
