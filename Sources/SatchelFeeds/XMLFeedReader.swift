import Foundation

/// Reads Atom, RSS and RDF out of a parsed XML tree.
struct XMLFeedReader {
    let tree: XMLTree
    let documentURL: String?

    private static let atom: Set<String> = [XMLNamespace.atom, XMLNamespace.atom03, ""]
    private static let atomOnly: Set<String> = [XMLNamespace.atom, XMLNamespace.atom03]
    private static let rss: Set<String> = ["", XMLNamespace.rss1, XMLNamespace.rss09]
    private static let dc: Set<String> = [XMLNamespace.dc]
    private static let dcterms: Set<String> = [XMLNamespace.dcterms]
    private static let content: Set<String> = [XMLNamespace.content]
    private static let rdf: Set<String> = [XMLNamespace.rdf]

    func read() throws(FeedError) -> Feed {
        guard let root = tree.root else { throw .notAFeed("no root element") }
        let element = tree.elements[root]
        switch element.name {
        case "feed": return readAtom(root)
        case "rss": return readRSS(root, channel: tree.child(root, "channel", in: Self.rss), format: .rss)
        case "channel": return readRSS(root, channel: root, format: .rss)
        case "rdf" where element.namespace == XMLNamespace.rdf || element.namespace.hasPrefix("urn:undeclared-prefix:"):
            return readRSS(root, channel: tree.child(root, "channel", in: Self.rss), format: .rdf)
        case "html": throw .htmlPage
        default: throw .notAFeed(element.name)
        }
    }

    // MARK: - Atom

    private func readAtom(_ root: Int) -> Feed {
        var feed = Feed(format: .atom)
        feed.title = tree.child(root, "title", in: Self.atom).flatMap(atomText)
        let links = tree.children(root, "link", in: Self.atom)
        feed.siteURL = alternateLink(links)
        feed.selfURL = links.first { rel(of: $0) == "self" }.flatMap(href)
        let feedAuthor = tree.child(root, "author", in: Self.atom).flatMap(personName)
        for entry in tree.children(root, "entry", in: Self.atom) {
            var item = FeedEntry()
            item.id = FeedText.token(tree.child(entry, "id", in: Self.atom).map(tree.text))
            item.title = tree.child(entry, "title", in: Self.atom).flatMap(atomText)
            let entryLinks = tree.children(entry, "link", in: Self.atom)
            item.url = alternateLink(entryLinks)
            item.published = firstDate(entry, [("published", Self.atom), ("issued", Self.atom), ("created", Self.atom), ("date", Self.dc)])
            item.updated = firstDate(entry, [("updated", Self.atom), ("modified", Self.atom)])
            item.author = tree.child(entry, "author", in: Self.atom).flatMap(personName)
                ?? tree.child(entry, "creator", in: Self.dc).flatMap { FeedText.plain(tree.text($0), html: false) }
                ?? tree.child(entry, "source", in: Self.atom).flatMap { tree.child($0, "author", in: Self.atom) }.flatMap(personName)
                ?? feedAuthor
            let content = tree.child(entry, "content", in: Self.atom)
            let summary = tree.child(entry, "summary", in: Self.atom)
            if let content, tree.attribute(content, "src") == nil {
                item.contentHTML = FeedText.html(atomHTML(content))
            }
            if let summary, let html = atomHTML(summary) {
                item.summary = FeedText.plain(html, html: true)
            } else if let html = item.contentHTML {
                item.summary = FeedText.plain(html, html: true)
            }
            feed.entries.append(item)
        }
        return feed
    }

    /// An Atom text construct as plain text.
    private func atomText(_ element: Int) -> String? {
        if isHTMLConstruct(element) { return atomHTML(element).flatMap { FeedText.plain($0, html: true) } }
        return FeedText.plain(tree.text(element), html: false)
    }

    private func isHTMLConstruct(_ element: Int) -> Bool {
        let type = (tree.attribute(element, "type") ?? "text").lowercased()
        if type == "html" || type == "xhtml" || type.contains("html") { return true }
        if tree.attribute(element, "mode")?.lowercased() == "escaped" { return true }
        // type="text" with markup inside it that was never escaped: HTML after all.
        return !tree.children(element).isEmpty
    }

    /// An Atom text construct as HTML (or as text when it is `type="text"`).
    private func atomHTML(_ element: Int) -> String? {
        let type = (tree.attribute(element, "type") ?? "text").lowercased()
        if type == "xhtml" || type == "application/xhtml+xml" {
            let div = tree.child(element, "div", in: [XMLNamespace.xhtml, ""])
            let children = tree.children(element)
            let markup = children.count == 1 && div != nil ? tree.innerMarkup(div!) : tree.innerMarkup(element)
            return markup
        }
        if !tree.children(element).isEmpty { return tree.innerMarkup(element) }
        if type == "text" || type == "text/plain" {
            let text = tree.text(element)
            return isHTMLConstruct(element) ? text : XMLTree.escape(text)
        }
        return tree.text(element)
    }

    private func personName(_ person: Int) -> String? {
        if let name = tree.child(person, "name", in: Self.atom) { return FeedText.plain(tree.text(name), html: false) }
        return FeedText.plain(tree.text(person), html: false)
    }

    private func rel(of link: Int) -> String {
        (tree.attribute(link, "rel") ?? "alternate").trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// A link's `href` (or its text, for RSS `<atom:link>` written wrong), resolved against its `xml:base`.
    private func href(_ link: Int) -> String? {
        let raw = tree.attribute(link, "href") ?? tree.text(link)
        return FeedURL.webLink(raw, against: tree.elements[link].base)
    }

    /// The first `alternate` link that is HTML (or untyped), else any `alternate`, else the first link.
    private func alternateLink(_ links: [Int]) -> String? {
        let alternates = links.filter { rel(of: $0) == "alternate" || rel(of: $0) == "http://www.iana.org/assignments/relation/alternate" }
        let html = alternates.first { link in
            guard let type = tree.attribute(link, "type")?.lowercased() else { return true }
            return type.contains("html")
        }
        for candidate in [html, alternates.first, links.first { rel(of: $0) != "self" && rel(of: $0) != "enclosure" }] {
            if let candidate, let url = href(candidate) { return url }
        }
        return nil
    }

    // MARK: - RSS 2.0, 0.9x and 1.0

    private func readRSS(_ root: Int, channel: Int?, format: FeedFormat) -> Feed {
        var feed = Feed(format: format)
        let scope = channel ?? root
        feed.title = tree.child(scope, "title", in: Self.rss).flatMap { rssText($0, html: true) }
        if let link = tree.child(scope, "link", in: Self.rss) {
            feed.siteURL = FeedURL.webLink(tree.attribute(link, "href") ?? tree.text(link), against: tree.elements[link].base)
        }
        feed.selfURL = tree.children(scope, "link", in: Self.atomOnly).first { rel(of: $0) == "self" }.flatMap(href)
        // Items: in the channel (RSS 2.0), beside it (RSS 1.0), or both in feeds that mix them up.
        var items = channel.map { tree.children($0, "item", in: Self.rss) } ?? []
        if channel != root { items += tree.children(root, "item", in: Self.rss) }
        for item in items {
            var entry = FeedEntry()
            let guid = tree.child(item, "guid", in: Self.rss)
            let about = tree.attribute(item, "about", namespace: XMLNamespace.rdf)
            entry.id = FeedText.token(guid.map(tree.text)) ?? FeedText.token(about)
                ?? FeedText.token(tree.child(item, "id", in: Self.atomOnly).map(tree.text))
                ?? FeedText.token(tree.child(item, "identifier", in: Self.dc).map(tree.text))
            entry.title = tree.child(item, "title", in: Self.rss).flatMap { rssText($0, html: true) }
                ?? tree.child(item, "title", in: Self.dc).flatMap { rssText($0, html: true) }
            if let link = tree.child(item, "link", in: Self.rss) {
                let raw = tree.text(link).trimmingCharacters(in: .whitespacesAndNewlines)
                entry.url = FeedURL.webLink(raw.isEmpty ? tree.attribute(link, "href") ?? "" : raw, against: tree.elements[link].base)
            }
            if entry.url == nil {
                entry.url = alternateLink(tree.children(item, "link", in: Self.atomOnly))
            }
            if entry.url == nil, let guid, tree.attribute(guid, "ispermalink")?.lowercased() != "false" {
                entry.url = FeedURL.webLink(tree.text(guid), against: tree.elements[guid].base)
            }
            if entry.url == nil, let about {
                entry.url = FeedURL.webLink(about, against: tree.elements[item].base)
            }
            entry.published = firstDate(item, [("pubdate", Self.rss), ("date", Self.dc), ("published", Self.atomOnly),
                                               ("issued", Self.dcterms), ("created", Self.dcterms)])
            entry.updated = firstDate(item, [("updated", Self.atomOnly), ("modified", Self.dcterms), ("lastbuilddate", Self.rss)])
            entry.author = tree.child(item, "creator", in: Self.dc).flatMap { rssText($0, html: false) }
                ?? tree.child(item, "author", in: Self.rss).flatMap { rssText($0, html: false) }
                ?? tree.child(item, "author", in: Self.atomOnly).flatMap(personName)
            let description = tree.child(item, "description", in: Self.rss).map(rssHTML)
            let encoded = tree.child(item, "encoded", in: Self.content).map(rssHTML)
            entry.contentHTML = FeedText.html(encoded ?? description)
            if let html = description ?? encoded { entry.summary = FeedText.plain(html, html: true) }
            feed.entries.append(entry)
        }
        return feed
    }

    /// An RSS element's HTML: its text, or the markup a feed left unescaped inside it.
    private func rssHTML(_ element: Int) -> String {
        tree.children(element).isEmpty ? tree.text(element) : tree.innerMarkup(element)
    }

    private func rssText(_ element: Int, html: Bool) -> String? {
        FeedText.plain(rssHTML(element), html: html || !tree.children(element).isEmpty)
    }

    // MARK: - Dates

    private func firstDate(_ element: Int, _ names: [(String, Set<String>)]) -> Date? {
        for (name, namespaces) in names {
            if let child = tree.child(element, name, in: namespaces), let date = FeedDate.parse(tree.text(child)) { return date }
        }
        return nil
    }
}
