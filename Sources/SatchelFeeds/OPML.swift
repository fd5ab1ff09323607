/// One followed feed in an OPML subscription list.
public struct OPMLOutline: Sendable, Equatable {
    /// The feed's address (`xmlUrl`), absolute http(s).
    public var feedURL: String
    /// `text` or `title`.
    public var title: String?
    /// The site (`htmlUrl`).
    public var siteURL: String?
    /// The names of the folders (outlines) it sits in, outermost first.
    public var folders: [String]

    public init(feedURL: String, title: String? = nil, siteURL: String? = nil, folders: [String] = []) {
        (self.feedURL, self.title, self.siteURL, self.folders) = (feedURL, title, siteURL, folders)
    }
}

/// Why an OPML file is refused: as a whole, cleanly, before anything is followed.
public enum OPMLError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooLarge(Int)
    case notOPML(String)
    case tooManyOutlines(Int)
    case entityDeclarations(Int)

    public var description: String {
        switch self {
        case .tooLarge(let bytes): "the file is \(bytes) bytes; an OPML file may have at most \(OPML.maxBytes)"
        case .notOPML(let root): "not an OPML file (\(root))"
        case .tooManyOutlines(let count): "the file lists more than \(count) feeds"
        case .entityDeclarations(let count): "the file declares \(count) XML entities; OPML files have none, and they are refused"
        }
    }
}

/// OPML 1.0 and 2.0 subscription lists, read with the feeds' XML parser and written escaped.
public enum OPML {
    public static let maxBytes = 4 << 20
    public static let maxOutlines = 10_000
    /// The longest address kept (a follow's `target` and `siteUrl` hold at most 2,048 characters).
    public static let maxURLBytes = 2_048

    /// The feeds of an OPML file, in document order, each address once. Outlines without an http(s) `xmlUrl`
    /// of at most 2 KiB (folders, `javascript:`, `file:`) are not feeds; a file with entity declarations, too large, or with more
    /// than ``maxOutlines`` outlines is refused whole.
    public static func read(_ bytes: [UInt8]) throws(OPMLError) -> [OPMLOutline] {
        guard bytes.count <= maxBytes else { throw .tooLarge(bytes.count) }
        let (decoded, _) = FeedEncoding.utf8(bytes, contentType: nil)
        let tree = TolerantXMLParser.parse(decoded, documentURL: nil,
                                           limits: XMLParseLimits(maxElements: maxOutlines * 2 + 100, maxDepth: 64, maxEntries: .max))
        guard tree.refusedEntityDeclarations == 0 else { throw .entityDeclarations(tree.refusedEntityDeclarations) }
        guard let root = tree.root, tree.elements[root].name == "opml" else {
            throw .notOPML(tree.root.map { tree.elements[$0].name } ?? "no root element")
        }
        if tree.truncated { throw .tooManyOutlines(maxOutlines) }
        guard let body = tree.child(root, "body", in: [""]) else { return [] }
        var outlines: [OPMLOutline] = []
        var seen: Set<String> = []
        var stack: [(element: Int, folders: [String])] = tree.children(body).reversed().map { ($0, []) }
        var visited = 0
        while let (element, folders) = stack.popLast() {
            visited += 1
            if visited > maxOutlines { throw .tooManyOutlines(maxOutlines) }
            guard tree.elements[element].name == "outline" else { continue }
            let title = (tree.attribute(element, "text") ?? tree.attribute(element, "title")).flatMap { FeedText.plain($0, html: false, maxCharacters: 200) }
            if let raw = tree.attribute(element, "xmlurl"), let url = FeedURL.webLink(raw, against: nil), url.utf8.count <= maxURLBytes {
                if seen.insert(url).inserted {
                    let site = tree.attribute(element, "htmlurl").flatMap { FeedURL.webLink($0, against: nil) }
                        .flatMap { $0.utf8.count <= maxURLBytes ? $0 : nil }
                    outlines.append(OPMLOutline(feedURL: url, title: title, siteURL: site, folders: folders))
                }
            }
            let inner = folders + (title.map { [$0] } ?? [])
            for child in tree.children(element).reversed() { stack.append((child, inner)) }
        }
        return outlines
    }

    /// An OPML 2.0 document listing `outlines` (flat, folders as `category`).
    public static func write(_ outlines: [OPMLOutline], title: String) -> String {
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n"
        output += "    <title>\(XMLTree.escape(title, quotes: true))</title>\n  </head>\n  <body>\n"
        for outline in outlines {
            let text = XMLTree.escape(outline.title ?? outline.feedURL, quotes: true)
            output += "    <outline type=\"rss\" text=\"\(text)\" title=\"\(text)\" xmlUrl=\"\(XMLTree.escape(outline.feedURL, quotes: true))\""
            if let site = outline.siteURL { output += " htmlUrl=\"\(XMLTree.escape(site, quotes: true))\"" }
            if !outline.folders.isEmpty {
                output += " category=\"\(XMLTree.escape("/" + outline.folders.joined(separator: "/"), quotes: true))\""
            }
            output += "/>\n"
        }
        output += "  </body>\n</opml>\n"
        return output
    }
}
