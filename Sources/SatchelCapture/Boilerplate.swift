/// The first pass over a page: drops what is never content (scripts, hidden nodes, navigation, forms'
/// controls) and, when asked, what is probably not content (share bars, comment sections, related
/// lists, ads, cookie banners…), and picks up the author line on the way.
enum Boilerplate {
    /// Elements never part of an article (their subtrees go too).
    static let neverContent: Set<String> = [
        "script", "style", "template", "iframe", "object", "embed", "applet", "canvas", "head", "link", "meta",
        "button", "input", "select", "textarea", "option", "dialog", "frame", "frameset", "svg", "math", "audio",
        "video", "map", "nav", "aside", "footer", "title", "base", "noembed", "noframes", "datalist", "menu",
    ]
    /// ARIA roles of page furniture.
    static let furnitureRoles: Set<String> = [
        "navigation", "menu", "menubar", "complementary", "dialog", "alert", "alertdialog", "banner",
        "contentinfo", "search", "toolbar", "tablist",
    ]
    /// Elements a class/id rule never removes (the page's own frame, or the article it marks).
    private static let protected: Set<String> = ["html", "body", "article", "main", "a", "table", "tbody", "tr", "td", "th"]

    /// Marks what is never content; returns nothing.
    static func dropInvisible(_ document: inout Document) {
        var index = 0
        while index < document.count {
            let name = document.names[index]
            if name == "#text" {
                index += 1
                continue
            }
            if shouldDrop(document, index, name: name) {
                document.removed[index] = true
                index = document.ends[index]
            } else {
                index += 1
            }
        }
    }

    private static func shouldDrop(_ document: Document, _ node: Int, name: String) -> Bool {
        if name == "noscript" {
            // Kept only for the images a lazy-loading page puts there for readers without scripts.
            return document.first(named: "img", in: node) == nil
        }
        if neverContent.contains(name) { return true }
        if !document.isHTML[node] { return false }
        for attribute in document.attributes[node] {
            switch attribute.name {
            case "hidden":
                return true
            case "aria-hidden":
                if attribute.value.lowercased() == "true",
                   !(document.attribute("class", of: node)?.contains("fallback-image") ?? false) { return true }
            case "style":
                if hiddenByStyle(attribute.value) { return true }
            case "role":
                if furnitureRoles.contains(attribute.value.lowercased()) { return true }
            case "type":
                if attribute.value.lowercased() == "hidden" { return true }
            default:
                continue
            }
        }
        if name == "header", document.textLength(node) < 400 { return true }
        return false
    }

    /// Whether an inline style hides the element (`display: none`, `visibility: hidden`).
    static func hiddenByStyle(_ style: String) -> Bool {
        var compact = ""
        for character in style.lowercased().prefix(2048) where character != " " && character != "\t" && character != "\n" {
            compact.append(character)
        }
        return compact.contains("display:none") || compact.contains("visibility:hidden")
    }

    /// Marks blocks whose class or id says they are not content; returns the first author line found.
    static func dropUnlikely(_ document: inout Document, strip: Bool) -> String? {
        var byline: String?
        var index = 0
        while index < document.count {
            if document.removed[index] || document.isText(index) {
                index = document.removed[index] ? document.ends[index] : index + 1
                continue
            }
            let name = document.names[index]
            if name == "pre" || name == "code" || name == "table" {
                index = document.ends[index]  // nothing inside code or tables is judged by class
                continue
            }
            let match = document.classAndID(index)
            if byline == nil, isBylineNode(document, index, match) {
                let text = document.textContent(index)
                if !text.isEmpty, text.count < 100 {
                    byline = bylineName(document, index) ?? text
                    document.removed[index] = true
                    index = document.ends[index]
                    continue
                }
            }
            if strip, !protected.contains(name), isUnlikely(document, index, match) {
                document.removed[index] = true
                index = document.ends[index]
                continue
            }
            index += 1
        }
        return byline
    }

    private static func isBylineNode(_ document: Document, _ node: Int, _ match: [UInt8]) -> Bool {
        if document.attribute("rel", of: node)?.lowercased() == "author" { return true }
        if let itemprop = document.attribute("itemprop", of: node)?.lowercased(), itemprop.contains("author") { return true }
        return ClassPatterns.matches(match, ClassPatterns.byline)
    }

    private static func bylineName(_ document: Document, _ node: Int) -> String? {
        guard let name = document.walkFirst(in: node, where: { document.attribute("itemprop", of: $0)?.lowercased() == "name" })
        else { return nil }
        let text = document.textContent(name)
        return text.isEmpty ? nil : text
    }

    private static func isUnlikely(_ document: Document, _ node: Int, _ match: [UInt8]) -> Bool {
        guard !match.isEmpty else { return false }
        if ClassPatterns.matches(match, ClassPatterns.certainBoilerplate) {
            if ClassPatterns.matches(match, ClassPatterns.comments) { return true }
            // An embedded post (a quote) is content even in a "social" wrapper.
            return !holdsArticle(document, node) && document.first(named: "blockquote", in: node) == nil
        }
        return ClassPatterns.matches(match, ClassPatterns.unlikely) && !ClassPatterns.matches(match, ClassPatterns.maybeContent)
    }

    /// Whether `node` holds what looks like a whole article (an `<article>`, `articleBody`, or five
    /// long paragraphs): such a block is not removed for a word in its class.
    private static func holdsArticle(_ document: Document, _ node: Int) -> Bool {
        var paragraphs = 0
        var found = false
        document.walk(node) { child in
            if found { return false }
            let name = document.names[child]
            if name == "article" || document.attribute("itemprop", of: child) == "articleBody" {
                found = true
            } else if name == "p", document.textLength(child) > 80 {
                paragraphs += 1
                if paragraphs >= 5 { found = true }
                return false
            }
            return true
        }
        return found
    }
}

extension ClassPatterns {
    /// Comment sections: removed even when they hold long paragraphs (readers' comments do).
    static let comments = patterns(["comment", "disqus", "replies"])
}
