import Foundation
import SatchelFetch
import SatchelLoopback

/// A small web site on loopback for capture tests: an article on 127.0.0.1 whose images live on a second
/// host (127.0.0.2), redirects, a PDF, a slow page, a refusing page, and a page whose answer a test can
/// change. Fetching it needs ``policy`` (loopback allowed), as any private address does.
public final class CaptureSite: @unchecked Sendable {
    /// The site's server (127.0.0.1).
    public let site: ScriptedHTTPServer
    /// The image host (127.0.0.2).
    public let images: ScriptedHTTPServer
    private let lock = NSLock()
    private var flakyResponse = ScriptedHTTPServer.Response.status(503)

    /// The fetch rules that let capture reach the site: 127.0.0.0/8 allowed, short time limit.
    public let policy = FetchPolicy(allowedNetworks: [IPNetwork(cidr: "127.0.0.0/8")!], totalTimeout: 3)

    /// A PNG's signature and some bytes.
    public static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 3, count: 2_000)
    /// A JPEG's signature and some bytes.
    public static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 5, count: 3_000)
    /// A small PDF.
    public static let pdf: [UInt8] = Array("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n".utf8)
    /// A sentence the article's text holds.
    public static let sentence = "The harbour was quiet that morning, and the boats rocked gently against the old stone quay"

    /// Starts both servers.
    public init() throws {
        site = try ScriptedHTTPServer(host: "127.0.0.1")
        images = try ScriptedHTTPServer(host: "127.0.0.2")
        let imageBase = images.baseURL
        site.route("/harbour") { _ in
            .text(Self.article(title: "The Quiet Harbour", images: ["\(imageBase)/a.png", "\(imageBase)/b.jpg", "/missing.png"]),
                  contentType: "text/html; charset=utf-8")
        }
        site.route("/other") { _ in .text(Self.article(title: "Another Story", images: []), contentType: "text/html") }
        site.route("/old") { _ in .redirect(to: "/harbour", status: 301) }
        site.route("/paper.pdf") { _ in ScriptedHTTPServer.Response(headers: [("Content-Type", "application/pdf")], body: Self.pdf) }
        site.route("/forbidden") { _ in .status(403) }
        site.route("/slow") { _ in ScriptedHTTPServer.Response(headers: [("Content-Type", "text/html")], body: Self.article(title: "Slow", images: []).utf8.map { $0 }, delayBeforeBody: 60) }
        site.route("/flaky") { [weak self] _ in self?.lock.withLock { self?.flakyResponse } ?? .status(500) }
        // Latin-1 bytes, said so by the header only (the page's own meta tag claims UTF-8): the header wins.
        let latin1 = Self.article(title: "Caf\u{E9} cr\u{E8}me", images: []).unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        site.route("/latin1") { _ in
            ScriptedHTTPServer.Response(headers: [("Content-Type", "text/html; charset=iso-8859-1")], body: latin1)
        }
        images.route("/a.png") { _ in ScriptedHTTPServer.Response(headers: [("Content-Type", "image/png")], body: Self.png) }
        images.route("/b.jpg") { _ in ScriptedHTTPServer.Response(headers: [("Content-Type", "image/jpeg")], body: Self.jpeg) }
    }

    /// The site's address of `path`.
    public func url(_ path: String) -> String { site.baseURL + path }

    /// Makes `/flaky` answer with the article (`true`) or with 503 (`false`).
    public func setFlakyWorks(_ works: Bool) {
        let response: ScriptedHTTPServer.Response = works
            ? .text(Self.article(title: "Flaky Article", images: []), contentType: "text/html") : .status(503)
        lock.withLock { flakyResponse = response }
    }

    /// Makes `/flaky` answer with `response` (a slow one, say).
    public func setFlakyResponse(_ response: ScriptedHTTPServer.Response) {
        lock.withLock { flakyResponse = response }
    }

    /// Stops both servers.
    public func stop() {
        site.stop()
        images.stop()
    }

    /// An article page with enough prose to be one, and the given images as figures.
    public static func article(title: String, images: [String]) -> String {
        let paragraph = sentence + " while the fishermen mended their nets and talked about the weather, the prices at "
            + "market and the long winter ahead of them all."
        let figures = images.enumerated().map { index, src in
            "<figure><img src=\"\(src)\" alt=\"picture \(index)\"><figcaption>Caption \(index)</figcaption></figure>"
        }.joined()
        let body = (0..<5).map { "<p>\(paragraph) Part \($0).</p>" }.joined()
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(title)</title>
            <meta name="author" content="Ada Lovelace"><meta property="og:site_name" content="Harbour News"></head>
            <body><nav><a href="/">Home</a></nav><article><h1>\(title)</h1>\(body)\(figures)\(body)</article>
            <footer>Copyright</footer></body></html>
            """
    }
}
