import Foundation
import SatchelFetch

/// The formats a feed can be written in.
public enum FeedFormat: String, Sendable, Equatable {
    case atom, rss, rdf, json
}

/// A parsed feed: what a follow needs of it.
public struct Feed: Sendable, Equatable {
    public var format: FeedFormat
    /// Plain text.
    public var title: String?
    /// The site the feed belongs to (its `alternate` link, `<link>`, `home_page_url`), absolute.
    public var siteURL: String?
    /// The feed's own address as it states it (`rel="self"`, `feed_url`), absolute.
    public var selfURL: String?
    /// Entries in document order (most feeds put the newest first), at most ``FeedLimits/maxEntries``.
    public var entries: [FeedEntry]
    /// What the parser recovered from or refused; nothing here stops a feed from being read.
    public var notes: FeedNotes

    public init(format: FeedFormat, title: String? = nil, siteURL: String? = nil, selfURL: String? = nil, entries: [FeedEntry] = [],
                notes: FeedNotes = FeedNotes()) {
        (self.format, self.title, self.siteURL, self.selfURL, self.entries, self.notes) = (format, title, siteURL, selfURL, entries, notes)
    }

    /// The newest `count` entries: by date where entries have one (published, else updated), newest first, entries
    /// without a date keeping their place in the document.
    public func latest(_ count: Int) -> [FeedEntry] {
        guard count > 0 else { return [] }
        let ordered = entries.enumerated().sorted { lhs, rhs in
            switch (lhs.element.date, rhs.element.date) {
            case let (left?, right?) where left != right: return left > right
            default: return lhs.offset < rhs.offset
            }
        }
        return ordered.prefix(count).map(\.element)
    }
}

/// What a parse recovered from or refused.
public struct FeedNotes: Sendable, Equatable {
    /// `<!ENTITY` declarations refused (never expanded, never loaded).
    public var refusedEntityDeclarations = 0
    /// References to refused entities, dropped.
    public var refusedEntityReferences = 0
    /// Well-formedness errors recovered from.
    public var recoveredErrors = 0
    /// Entries past ``FeedLimits/maxEntries``, not read.
    public var skippedEntries = 0
    /// Whether the element limit cut the document.
    public var truncated = false
    /// How the bytes were decoded.
    public var encoding: String = "utf8"

    public init() {}
}

/// One entry of a feed.
public struct FeedEntry: Sendable, Equatable {
    /// The entry's id as written (`<id>`, `<guid>`, `rdf:about`, JSON `id`), trimmed; nil when it has none.
    public var id: String?
    /// The entry's page, absolute http(s).
    public var url: String?
    /// Plain text (HTML titles made text).
    public var title: String?
    public var published: Date?
    public var updated: Date?
    /// Plain text.
    public var author: String?
    /// A plain-text summary, at most 1,000 characters.
    public var summary: String?
    /// The entry's HTML as the feed gives it (`content:encoded`, Atom content, `content_html`), relative addresses
    /// left as they are; at most 2 MiB.
    public var contentHTML: String?

    public init(id: String? = nil, url: String? = nil, title: String? = nil, published: Date? = nil, updated: Date? = nil,
                author: String? = nil, summary: String? = nil, contentHTML: String? = nil) {
        (self.id, self.url, self.title, self.published, self.updated) = (id, url, title, published, updated)
        (self.author, self.summary, self.contentHTML) = (author, summary, contentHTML)
    }

    /// Published, else updated.
    public var date: Date? { published ?? updated }

    /// The entry's page normalized as saved articles are (``URLNormalizer``), the key two follows that share a
    /// post agree on.
    public var normalizedURL: String? { url.flatMap(URLNormalizer.normalize) }

    /// The keys that say two entries are one: its id (scoped to the feed unless it is a global URI: `tag:`,
    /// `urn:`, or an http(s) address) and its normalized URL. A feed that republishes an entry under a new id
    /// keeps the URL; one that moves an entry keeps the id. An entry with neither is known by its title and date.
    public func identityKeys(feedURL: String) -> [String] {
        var keys: [String] = []
        if let id, !id.isEmpty {
            let lower = id.lowercased()
            if lower.hasPrefix("tag:") || lower.hasPrefix("urn:") {
                keys.append("id:" + id)
            } else if lower.hasPrefix("http://") || lower.hasPrefix("https://"), let normalized = URLNormalizer.normalize(id) {
                keys.append("id:" + normalized)
            } else {
                keys.append("id:" + (URLNormalizer.normalize(feedURL) ?? feedURL) + "#" + id)
            }
        }
        if let normalizedURL { keys.append("url:" + normalizedURL) }
        if keys.isEmpty {
            let stamp = date.map { String(Int($0.timeIntervalSince1970)) } ?? ""
            keys.append("title:" + (URLNormalizer.normalize(feedURL) ?? feedURL) + "#" + (title ?? "") + "#" + stamp)
        }
        return keys
    }
}

/// Bounds on a parse.
public struct FeedLimits: Sendable {
    /// Bytes of a feed document; larger ones are refused (`tooLarge`).
    public var maxBytes = 16 << 20
    /// Entries read, in document order.
    public var maxEntries = 1_000
    /// Elements built.
    public var maxElements = 1_000_000

    public init(maxBytes: Int = 16 << 20, maxEntries: Int = 1_000, maxElements: Int = 1_000_000) {
        (self.maxBytes, self.maxEntries, self.maxElements) = (maxBytes, maxEntries, maxElements)
    }

    public static let standard = FeedLimits()
}

/// Why bytes are not a feed.
public enum FeedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing but whitespace.
    case empty
    /// Over ``FeedLimits/maxBytes``.
    case tooLarge(Int)
    /// An HTML page: look for its feeds with ``FeedDiscovery``.
    case htmlPage
    /// XML whose root is not a feed's (`root` as found), or a JSON document that is not a JSON Feed.
    case notAFeed(String)

    public var description: String {
        switch self {
        case .empty: "the document is empty"
        case .tooLarge(let bytes): "the document is \(bytes) bytes, more than a feed may be"
        case .htmlPage: "an HTML page, not a feed"
        case .notAFeed(let root): "not a feed (\(root))"
        }
    }
}
