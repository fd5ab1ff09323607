/// Article metadata from microdata attributes (`itemprop="author"`, `headline`, `datePublished`).
struct Microdata: Sendable {
    var headline: String?
    var author: String?
    var datePublished: String?

    /// Reads the first `headline`, `author` and `datePublished` item properties of the page.
    static func read(_ document: Document) -> Microdata {
        var found = Microdata()
        document.walk(0) { node in
            guard let itemprop = document.attribute("itemprop", of: node)?.lowercased() else { return true }
            let props = itemprop.split(separator: " ")
            if found.headline == nil, props.contains("headline") {
                found.headline = value(document, node)
            }
            if found.author == nil, props.contains("author") || props.contains("creator") {
                if let name = document.walkFirst(in: node, where: { document.attribute("itemprop", of: $0)?.lowercased() == "name" }) {
                    found.author = value(document, name)
                } else {
                    found.author = value(document, node)
                }
                if let author = found.author, author.count > 100 { found.author = nil }
            }
            if found.datePublished == nil, props.contains("datepublished") {
                found.datePublished = document.attribute("datetime", of: node) ?? value(document, node)
            }
            return true
        }
        return found
    }

    private static func value(_ document: Document, _ node: Int) -> String? {
        let text = document.attribute("content", of: node) ?? document.textContent(node)
        let collapsed = Whitespace.collapse(text)
        return collapsed.isEmpty ? nil : collapsed
    }
}

extension Document {
    /// The first node of the subtree of `root` (not removed, `root` excluded) that satisfies `predicate`.
    func walkFirst(in root: Int, where predicate: (Int) -> Bool) -> Int? {
        var found: Int?
        walk(root) { node in
            if found != nil { return false }
            if node != root, predicate(node) {
                found = node
                return false
            }
            return true
        }
        return found
    }
}
