import Foundation

/// Article metadata from `<script type="application/ld+json">` (schema.org): the first object whose
/// `@type` is an article type, looked for in arrays and `@graph`.
struct JSONLD: Sendable {
    var title: String?
    var byline: String?
    var description: String?
    var siteName: String?
    var datePublished: String?
    var image: String?

    /// schema.org types that describe an article.
    static let articleTypes: Set<String> = [
        "Article", "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
        "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "Report",
        "SatiricalArticle", "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
        "LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference",
    ]

    /// Reads the first article object of the page's JSON-LD blocks; empty when there is none.
    static func read(_ document: Document) -> JSONLD {
        for script in document.elements(named: "script") {
            guard document.attribute("type", of: script)?.lowercased().contains("ld+json") == true else { continue }
            var source = document.textContent(script)
            guard source.utf8.count < 1_000_000 else { continue }
            source = source.replacingOccurrences(of: "<![CDATA[", with: "").replacingOccurrences(of: "]]>", with: "")
            guard let value = try? JSONSerialization.jsonObject(with: Data(source.utf8), options: [.fragmentsAllowed]),
                  let article = findArticle(value, depth: 0) else { continue }
            return JSONLD(object: article, documentTitle: document.first(named: "title").map(document.textContent))
        }
        return JSONLD()
    }

    private init() {}

    private init(object: [String: Any], documentTitle: String?) {
        let name = Self.string(object["name"])
        let headline = Self.string(object["headline"])
        if let name, let headline, name != headline, let documentTitle {
            // Both given and different: the one closer to the page's title.
            title = TitleSimilarity.similarity(name, documentTitle) >= TitleSimilarity.similarity(headline, documentTitle) ? name : headline
        } else {
            title = headline ?? name
        }
        byline = Self.names(object["author"])
        description = Self.string(object["description"])
        if let publisher = object["publisher"] as? [String: Any] { siteName = Self.string(publisher["name"]) }
        datePublished = Self.string(object["datePublished"])
        image = Self.imageURL(object["image"])
    }

    private static func findArticle(_ value: Any, depth: Int) -> [String: Any]? {
        guard depth < 8 else { return nil }
        if let array = value as? [Any] {
            for item in array.prefix(200) {
                if let found = findArticle(item, depth: depth + 1) { return found }
            }
            return nil
        }
        guard let object = value as? [String: Any] else { return nil }
        if isArticle(object["@type"]) { return object }
        if let graph = object["@graph"] { return findArticle(graph, depth: depth + 1) }
        return nil
    }

    private static func isArticle(_ type: Any?) -> Bool {
        if let type = type as? String { return articleTypes.contains(type) }
        if let types = type as? [Any] { return types.contains { ($0 as? String).map(articleTypes.contains) ?? false } }
        return false
    }

    private static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let collapsed = Whitespace.collapse(text)
        return collapsed.isEmpty ? nil : collapsed
    }

    /// An author: a name, an object with a `name`, or a list of them joined with ", ".
    private static func names(_ value: Any?) -> String? {
        if let text = string(value) { return text }
        if let object = value as? [String: Any] { return string(object["name"]) }
        if let array = value as? [Any] {
            let found = array.prefix(20).compactMap { item -> String? in
                string(item) ?? (item as? [String: Any]).flatMap { string($0["name"]) }
            }
            return found.isEmpty ? nil : found.joined(separator: ", ")
        }
        return nil
    }

    private static func imageURL(_ value: Any?) -> String? {
        if let text = string(value) { return text }
        if let object = value as? [String: Any] { return string(object["url"]) ?? string(object["contentUrl"]) }
        if let array = value as? [Any], let first = array.first { return imageURL(first is [Any] ? nil : first) }
        return nil
    }
}

/// How alike two titles are: the share of one's words found in the other.
enum TitleSimilarity {
    /// 1 when every word of the longer title is in the shorter one, 0 when none is.
    static func similarity(_ first: String, _ second: String) -> Double {
        let a = words(first), b = words(second)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let setB = Set(b)
        let unique = a.filter { !setB.contains($0) }
        let distance = Double(unique.joined(separator: " ").count) / Double(a.joined(separator: " ").count)
        return 1 - distance
    }

    /// Lowercased words (letters and digits).
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }
}
