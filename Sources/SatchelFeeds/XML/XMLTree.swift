/// Namespace names the feed readers look for.
enum XMLNamespace {
    static let xml = "http://www.w3.org/XML/1998/namespace"
    static let atom = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rss1 = "http://purl.org/rss/1.0/"
    static let rss09 = "http://my.netscape.com/rdf/simple/0.9/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let dcterms = "http://purl.org/dc/terms/"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let media = "http://search.yahoo.com/mrss/"
    static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"

    /// What an undeclared prefix means in feeds that forget to declare it (`content:encoded` without
    /// `xmlns:content` is common).
    static let conventional: [String: String] = [
        "xml": xml, "atom": atom, "atom10": atom, "rdf": rdf, "content": content, "dc": dc, "dcterms": dcterms,
        "xhtml": xhtml, "media": media, "itunes": itunes,
    ]
}

/// One attribute: local name (lowercased), namespace name ("" for none) and value with references resolved.
struct XMLAttribute: Sendable {
    var name: String
    var namespace: String
    var value: String
}

/// A piece of an element's content, in document order.
enum XMLContent: Sendable {
    case element(Int)
    case text(String)
}

/// A parsed XML document as an array of elements; element 0 is the document itself (its content holds the root).
///
/// Names are local names lowercased (feeds in the wild spell `pubDate`, `pubdate` and `PubDate`), with the
/// namespace name resolved from the prefixes in scope. `base` is each element's `xml:base`, resolved against
/// its parent's (and the document's address).
struct XMLTree: Sendable {
    struct Element: Sendable {
        var name: String
        var namespace: String
        var attributes: [XMLAttribute]
        var content: [XMLContent]
        var parent: Int
        var base: String?
    }

    var elements: [Element]
    /// `<!ENTITY` declarations seen in a DOCTYPE's internal subset: never read, never expanded.
    var refusedEntityDeclarations = 0
    /// References to entities such a declaration named, dropped.
    var refusedEntityReferences = 0
    /// Entry elements (`item`, `entry`) past the limit, skipped without building them.
    var skippedEntries = 0
    /// Whether the element limit cut the document.
    var truncated = false
    /// Well-formedness errors the parser recovered from (unclosed or stray tags, bare `&` or `<`, …).
    var recoveredErrors = 0

    var root: Int? {
        for case .element(let index) in elements[0].content { return index }
        return nil
    }

    /// The child elements of `element`.
    func children(_ element: Int) -> [Int] {
        var found: [Int] = []
        for case .element(let index) in elements[element].content { found.append(index) }
        return found
    }

    /// The first child element named `name` in one of `namespaces`.
    func child(_ element: Int, _ name: String, in namespaces: Set<String>) -> Int? {
        for case .element(let index) in elements[element].content
        where elements[index].name == name && namespaces.contains(elements[index].namespace) {
            return index
        }
        return nil
    }

    /// The child elements named `name` in one of `namespaces`.
    func children(_ element: Int, _ name: String, in namespaces: Set<String>) -> [Int] {
        children(element).filter { elements[$0].name == name && namespaces.contains(elements[$0].namespace) }
    }

    /// An attribute's value (`namespace` "" for an unprefixed attribute).
    func attribute(_ element: Int, _ name: String, namespace: String = "") -> String? {
        for attribute in elements[element].attributes where attribute.name == name && attribute.namespace == namespace {
            return attribute.value
        }
        return nil
    }

    /// All the text inside `element`, markup dropped.
    func text(_ element: Int) -> String {
        var output = ""
        var stack: [(Int, Int)] = [(element, 0)]
        while let (current, position) = stack.popLast() {
            let content = elements[current].content
            var index = position
            while index < content.count {
                switch content[index] {
                case .text(let text): output += text
                case .element(let child):
                    stack.append((current, index + 1))
                    stack.append((child, 0))
                    index = content.count
                    continue
                }
                index += 1
            }
        }
        return output
    }

    /// The content of `element` written back as markup: text escaped, child elements with their local names
    /// and attributes (for `type="xhtml"` and for HTML a feed left unescaped inside `<description>`).
    func innerMarkup(_ element: Int) -> String {
        var output = ""
        writeContent(of: element, to: &output)
        return output
    }

    private func writeContent(of element: Int, to output: inout String) {
        // An explicit stack: nesting is bounded by the parser's depth limit, but stays off the call stack anyway.
        enum Step { case open(Int), text(String), close(String) }
        var steps: [Step] = []
        func push(contentOf element: Int) {
            for item in elements[element].content.reversed() {
                switch item {
                case .text(let text): steps.append(.text(text))
                case .element(let child): steps.append(.open(child))
                }
            }
        }
        push(contentOf: element)
        while let step = steps.popLast() {
            switch step {
            case .text(let text): output += Self.escape(text)
            case .close(let name): output += "</\(name)>"
            case .open(let child):
                let node = elements[child]
                output += "<" + node.name
                for attribute in node.attributes where attribute.namespace.isEmpty {
                    output += " \(attribute.name)=\"\(Self.escape(attribute.value, quotes: true))\""
                }
                output += ">"
                if !Self.voidElements.contains(node.name) { steps.append(.close(node.name)) }
                push(contentOf: child)
            }
        }
    }

    /// HTML elements without an end tag: `<br/>` is written `<br>`, never `<br></br>` (which HTML reads as two breaks).
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]

    static func escape(_ text: String, quotes: Bool = false) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || (quotes && $0 == 0x22) }) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where quotes: output += "&quot;"
            default: output.append(character)
            }
        }
        return output
    }
}
