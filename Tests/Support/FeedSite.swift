import Foundation
import SatchelFetch
import SatchelLoopback

/// A site with a feed on loopback for follow tests: an Atom feed whose entries a test adds and republishes,
/// answered with an `ETag` and `304 Not Modified` when it has not changed, a page advertising it, and one
/// article page per entry. Every request is counted by path.
public final class FeedSite: @unchecked Sendable {
    /// The site's server (127.0.0.1).
    public let server: ScriptedHTTPServer
    private let lock = NSLock()
    private var entries: [(id: String, path: String, title: String, published: Date)] = []
    private var version = 0

    /// The fetch rules that let the server reach the site: 127.0.0.0/8 allowed, short time limit.
    public static let policy = FetchPolicy(allowedNetworks: [IPNetwork(cidr: "127.0.0.0/8")!], totalTimeout: 5)

    /// Starts the site with `count` entries, the newest published last.
    public init(entries count: Int, feedPath: String = "/feed.atom") throws {
        server = try ScriptedHTTPServer(host: "127.0.0.1")
        for index in 1...max(1, count) { addEntry(title: "Post \(index)") }
        server.route(feedPath) { [weak self] request in
            guard let self else { return .status(500) }
            let (body, etag) = self.lock.withLock { (self.atom(), "\"v\(self.version)\"") }
            if request.header("If-None-Match") == etag {
                return ScriptedHTTPServer.Response(status: 304, headers: [("ETag", etag)])
            }
            return ScriptedHTTPServer.Response(headers: [("Content-Type", "application/atom+xml"), ("ETag", etag)], body: Array(body.utf8))
        }
        server.route("/") { _ in
            .text("<html><head><title>Home</title><link rel=\"alternate\" type=\"application/atom+xml\" href=\"\(feedPath)\">"
                  + "</head><body><p>Welcome.</p></body></html>", contentType: "text/html; charset=utf-8")
        }
        server.setFallback { request in
            guard request.path.hasPrefix("/posts/") else { return .status(404) }
            let name = String(request.path.dropFirst(7))
            return .text(CaptureSite.article(title: "Article \(name)", images: []), contentType: "text/html; charset=utf-8")
        }
    }

    /// The feed's address.
    public func url(_ path: String = "/feed.atom") -> String { server.baseURL + path }

    /// Adds an entry (its page is `/posts/N`); the feed's `ETag` changes.
    @discardableResult
    public func addEntry(title: String) -> String {
        lock.withLock {
            let number = entries.count + 1
            let path = "/posts/\(number)"
            entries.append((id: "tag:feed.test,2026:\(number)", path: path, title: title,
                            published: Date(timeIntervalSince1970: 1_796_652_000 + Double(number) * 3_600)))
            version += 1
            return path
        }
    }

    /// Publishes an existing entry's page again under a new id and a tracking parameter (a feed that
    /// republishes); the `ETag` changes.
    public func republish(path: String) {
        lock.withLock {
            let number = entries.count + 1
            entries.append((id: "tag:feed.test,2026:republished-\(number)", path: path + "?utm_source=rss",
                            title: "Republished", published: Date(timeIntervalSince1970: 1_796_652_000 + Double(number) * 3_600)))
            version += 1
        }
    }

    /// Requests received for `path`.
    public func requests(to path: String) -> Int { server.requests.filter { $0.path == path }.count }

    /// Stops the server.
    public func stop() { server.stop() }

    private func atom() -> String {
        var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        text += "<title>Loopback Journal</title><link href=\"\(server.baseURL)/\"/><id>tag:feed.test,2026:feed</id>"
        let formatter = ISO8601DateFormatter()
        for entry in entries.reversed() {
            text += "<entry><title>\(entry.title)</title><id>\(entry.id)</id>"
            text += "<link href=\"\(entry.path.replacingOccurrences(of: "&", with: "&amp;"))\"/>"
            text += "<published>\(formatter.string(from: entry.published))</published></entry>"
        }
        return text + "</feed>"
    }
}
