import Foundation
import HTTPTypes
import Hummingbird
import SatchelShared

/// What the blog's pages share: the assets, the site's name, page heads and absolute URLs.
struct WebSite: Sendable {
    /// The name in every page's header and title.
    static let name = "The Satchel Dispatch"
    /// The site feed, offered on every page.
    static let siteFeed = PageHead.FeedLink(title: "\(name) — all posts", href: "/feed.atom")

    let assets: WebAssets

    /// The bundled assets; a packaging error (a template that does not parse) is a 500 page, logged.
    static func load() throws -> WebSite {
        WebSite(assets: try WebAssets.bundled.get())
    }

    /// A page head with the site feed plus `feeds`.
    func head(
        title: String, description: String, feeds: [PageHead.FeedLink] = [], openGraph: PageHead.OpenGraph? = nil,
        searchQuery: String = ""
    ) -> PageHead {
        PageHead(
            title: title == Self.name ? title : "\(title) — \(Self.name)", description: description,
            stylesheet: assets.stylesheetPath, siteName: Self.name, feeds: [Self.siteFeed] + feeds,
            openGraph: openGraph, searchQuery: searchQuery)
    }

    /// `scheme://host:port` as the reader reached this server, for feeds and OpenGraph, which need
    /// absolute URLs. A proxy's `X-Forwarded-Proto: https` is honoured.
    static func origin(of request: Request) -> String {
        let forwarded = HTTPField.Name("X-Forwarded-Proto").flatMap { request.headers[$0] }
        let scheme = forwarded == "https" ? "https" : "http"
        let host = request.head.authority.flatMap { Self.isPlausibleHost($0) ? $0 : nil } ?? "127.0.0.1"
        return "\(scheme)://\(host)"
    }

    /// Percent-encodes a query value.
    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Percent-encodes a path segment.
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#")))
            ?? ""
    }

    /// A host header is used in generated links, so only host names, addresses and ports pass.
    private static func isPlausibleHost(_ text: String) -> Bool {
        (1...255).contains(text.count)
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) }
    }
}
