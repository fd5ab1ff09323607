/// What the page says about itself, before any body is chosen: `<meta>` tags (OpenGraph, Twitter
/// cards, Dublin Core, Parse.ly…), JSON-LD, microdata, `<title>`, `<html lang>` and canonical links.
struct Metadata: Sendable {
    var title: String?
    var byline: String?
    var siteName: String?
    var publishedTime: String?
    var excerpt: String?
    var image: String?
    var canonical: String?
    var lang: String?
    var dir: String?
    /// The `<title>` text, collapsed.
    var documentTitle: String = ""

    /// Reads the metadata of `document`; URLs stay as written (resolved later).
    static func read(_ document: Document) -> Metadata {
        var metadata = Metadata()
        let meta = metaValues(document)
        let jsonLD = JSONLD.read(document)
        let micro = Microdata.read(document)

        if let title = document.first(named: "title") {
            metadata.documentTitle = document.textContent(title)
        }
        func firstOf(_ keys: [String]) -> String? {
            for key in keys {
                if let value = meta[key].map(Whitespace.collapse), !value.isEmpty { return value }
            }
            return nil
        }
        metadata.title = jsonLD.title ?? firstOf([
            "dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title", "title",
            "twitter:title", "parsely-title",
        ]) ?? micro.headline
        let authorMeta = firstOf(["dc:creator", "dcterm:creator", "author", "parsely-author"])
        let articleAuthor = firstOf(["article:author"]).flatMap { $0.contains("://") ? nil : $0 }
        metadata.byline = jsonLD.byline ?? authorMeta ?? articleAuthor ?? micro.author
        metadata.excerpt = jsonLD.description ?? firstOf([
            "dc:description", "dcterm:description", "og:description", "weibo:article:description",
            "weibo:webpage:description", "description", "twitter:description",
        ])
        metadata.siteName = jsonLD.siteName ?? firstOf(["og:site_name"])
        metadata.publishedTime = jsonLD.datePublished ?? firstOf([
            "article:published_time", "dcterms:available", "dcterms:created", "dcterms:issued",
            "weibo:article:create_at", "parsely-pub-date", "date", "dc:date",
        ]) ?? micro.datePublished
        metadata.image = firstOf(["og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"])
            ?? jsonLD.image
        metadata.canonical = canonicalLink(document) ?? firstOf(["og:url"])
        if let html = document.first(named: "html") {
            metadata.lang = document.attribute("lang", of: html).map(Whitespace.collapse).flatMap { $0.isEmpty ? nil : $0 }
            metadata.dir = document.attribute("dir", of: html).map { $0.lowercased() }.flatMap { ["ltr", "rtl"].contains($0) ? $0 : nil }
        }
        return metadata
    }

    /// `<meta>` values by normalized key (`og:title`, `author`, `dc:creator`…); the first one wins.
    static func metaValues(_ document: Document) -> [String: String] {
        var values: [String: String] = [:]
        for node in document.elements(named: "meta") {
            guard let content = document.attribute("content", of: node), !content.isEmpty else { continue }
            var keys: [String] = []
            if let property = document.attribute("property", of: node) {
                keys += property.split(whereSeparator: { $0 == " " }).map(String.init)
            }
            if let name = document.attribute("name", of: node) { keys.append(name) }
            if let itemprop = document.attribute("itemprop", of: node), keys.isEmpty { keys.append(itemprop) }
            for key in keys {
                let normalized = normalize(key)
                if !normalized.isEmpty, values[normalized] == nil { values[normalized] = content }
            }
        }
        return values
    }

    /// `DC.Creator` → `dc:creator`, `og : title` → `og:title`.
    private static func normalize(_ key: String) -> String {
        var result = ""
        for character in key.lowercased() where character != " " {
            result.append(character == "." ? ":" : character)
        }
        return result
    }

    private static func canonicalLink(_ document: Document) -> String? {
        for node in document.elements(named: "link") {
            guard let rel = document.attribute("rel", of: node)?.lowercased(),
                  rel.split(separator: " ").contains("canonical"),
                  let href = document.attribute("href", of: node), !href.isEmpty else { continue }
            return href
        }
        return nil
    }
}
