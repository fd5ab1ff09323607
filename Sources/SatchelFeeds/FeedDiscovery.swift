import Foundation
import SatchelCapture

/// A feed a page advertises.
public struct DiscoveredFeed: Sendable, Equatable {
    /// Absolute http(s) address.
    public var url: String
    /// `application/atom+xml`, `application/rss+xml`, `application/feed+json`…
    public var type: String
    public var title: String?
}

/// Finds the feeds a page advertises with `<link rel="alternate" type="application/atom+xml" href="…">` (and the
/// RSS, RDF and JSON Feed types), parsed by Satchel's HTML parser as a browser would.
public enum FeedDiscovery {
    static let feedTypes: Set<String> = [
        "application/atom+xml", "application/rss+xml", "application/rdf+xml", "application/feed+json", "application/json",
        "application/x.atom+xml", "application/x-atom+xml", "application/x-rss+xml", "text/xml", "application/xml",
    ]

    /// The page's feeds in document order, except that comment feeds ("Comments on …", `/comments/feed`) come
    /// after the others; duplicates once.
    public static func feeds(inPage bytes: [UInt8], contentType: String?, pageURL: String) -> [DiscoveredFeed] {
        var found: [DiscoveredFeed] = []
        var seen: Set<String> = []
        for link in PageLinks.links(inPage: bytes, contentType: contentType, pageURL: URL(string: pageURL)) {
            guard link.rel.contains("alternate") || link.rel.contains("feed"), !link.rel.contains("stylesheet"),
                  let type = link.type, feedTypes.contains(type) else { continue }
            // application/json is only a feed as an alternate of a page (JSON Feed before its own type).
            if (type == "application/json" || type.hasSuffix("/xml")) && !link.rel.contains("alternate") { continue }
            guard seen.insert(link.href).inserted else { continue }
            found.append(DiscoveredFeed(url: link.href, type: type, title: link.title))
        }
        func isComments(_ feed: DiscoveredFeed) -> Bool {
            let title = feed.title?.lowercased() ?? ""
            return title.contains("comments") || feed.url.lowercased().contains("/comments/")
        }
        return found.filter { !isComments($0) } + found.filter(isComments)
    }
}
