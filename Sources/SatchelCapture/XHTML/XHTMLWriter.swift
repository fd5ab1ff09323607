/// Writes a parsed document's nodes as XHTML with valid content models (see ``XHTMLFragment``).
struct XHTMLWriter {
    /// Where a node is written: among phrasing content only, or where blocks may stand; inside a `dt` or
    /// `th`, where headings and sections may not.
    struct Context {
        var phrasing = false
        var noHeadings = false
        /// Inside a `dfn` (no `dfn` may nest) or a `caption` (no table may).
        var inDefinition = false
        var noTables = false

        var asPhrasing: Context {
            var context = self
            context.phrasing = true
            return context
        }
        /// Flow content below this point, keeping what may not nest.
        var asFlow: Context {
            var context = self
            context.phrasing = false
            return context
        }
    }

    let document: Document
    private(set) var output = ""
    private var sources: ImageSourceMap
    /// Whether a node's subtree (itself excluded) holds an element that is a block.
    private let holdsBlocks: [Bool]

    /// Deeper elements are written as their text only (the writer recurses; the parser allows 512).
    static let maximumDepth = 200

    static let phrasingElements: Set<String> = [
        "abbr", "b", "bdi", "bdo", "cite", "code", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small",
        "strong", "sub", "sup", "u", "var",
    ]
    static let transparentElements: Set<String> = ["a", "ins", "del"]
    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
    static let phrasingBlocks: Set<String> = headings.union(["p", "pre"])
    static let blockElements: Set<String> = phrasingBlocks.union([
        "div", "section", "article", "blockquote", "figure", "figcaption", "details", "summary", "ul", "ol", "li",
        "dl", "dt", "dd", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th", "hr",
    ])

    init(document: Document, image: @escaping (String) -> String?) {
        self.document = document
        self.sources = ImageSourceMap(image)
        var holds = Array(repeating: false, count: document.count)
        var index = document.count - 1
        while index > 0 {
            let parent = document.parents[index]
            if parent >= 0, holds[index] || (document.isHTML[index] && Self.blockElements.contains(document.names[index])) {
                holds[parent] = true
            }
            index -= 1
        }
        holdsBlocks = holds
    }

    mutating func writeChildren(of node: Int, _ context: Context, depth: Int) {
        for child in document.children(of: node) { write(child, context, depth: depth + 1) }
    }

    private mutating func write(_ node: Int, _ context: Context, depth: Int) {
        if document.isText(node) {
            XMLText.append(document.text(node), to: &output)
            return
        }
        let name = document.names[node]
        guard document.isHTML[node], !HTMLSanitizer.droppedElements.contains(name), name != "source" else { return }
        if depth > Self.maximumDepth {
            XMLText.append(document.textContent(node), to: &output)
            return
        }
        // Blocks never stand among phrasing content (the containers holding them were unwrapped), but be sure.
        if context.phrasing && Self.blockElements.contains(name) {
            if name != "hr" { writeChildren(of: node, context, depth: depth) }
            return
        }
        switch name {
        case "br", "wbr", "hr":
            output += "<\(name)/>"
        case "img":
            writeImage(node)
        case _ where Self.phrasingElements.contains(name):
            if holdsBlocks[node] || (name == "bdo" && !attributes(of: node, name: name).contains { $0.0 == "dir" })
                || (name == "dfn" && context.inDefinition) {
                writeChildren(of: node, context, depth: depth)
            } else {
                var inner = context.asPhrasing
                if name == "dfn" { inner.inDefinition = true }
                element(name, node, inner, depth: depth)
            }
        case _ where Self.transparentElements.contains(name):
            element(name, node, context, depth: depth)
        case _ where Self.phrasingBlocks.contains(name):
            if holdsBlocks[node] {
                element("div", node, context, depth: depth, attributesOf: "div")
            } else if context.noHeadings && Self.headings.contains(name) {
                element("p", node, context.asPhrasing, depth: depth, attributesOf: "p")
            } else {
                element(name, node, context.asPhrasing, depth: depth)
            }
        case "ul", "ol":
            writeList(node, name, context, depth: depth)
        case "dl":
            writeDefinitionList(node, context, depth: depth)
        case "table" where context.noTables:
            writeChildren(of: node, context, depth: depth)
        case "table":
            writeTable(node, context, depth: depth)
        case "figure":
            writeFigure(node, context, depth: depth)
        case "section", "article":
            element(context.noHeadings ? "div" : name, node, context, depth: depth, attributesOf: "div")
        case "div", "blockquote":
            element(name, node, context.asFlow, depth: depth)
        case "li", "dt", "dd", "figcaption", "details", "summary", "caption", "td", "th":
            // Out of place (their own containers write them): a plain block.
            element("div", node, context.asFlow, depth: depth, attributesOf: "div")
        default:
            // time, ruby, picture, table parts out of place, anything unknown: the children alone.
            writeChildren(of: node, context, depth: depth)
        }
    }

    /// Writes `<tag …>children</tag>`, with the attributes allowed on `attributesOf` (default `tag`).
    private mutating func element(_ tag: String, _ node: Int, _ context: Context, depth: Int, attributesOf: String? = nil) {
        open(tag, attributes(of: node, name: attributesOf ?? tag))
        writeChildren(of: node, context, depth: depth)
        output += "</\(tag)>"
    }

    private mutating func open(_ tag: String, _ attributes: [(String, String)]) {
        output += "<" + tag
        for (name, value) in attributes {
            output += " \(name)=\""
            XMLText.append(value, to: &output)
            output += "\""
        }
        output += ">"
    }

    private mutating func writeImage(_ node: Int) {
        guard let url = document.attribute("src", of: node), let source = sources.replacement(for: url) else { return }
        var attributes = [("src", source), ("alt", XMLText.plain(document.attribute("alt", of: node) ?? ""))]
        for dimension in ["width", "height"] {
            if let value = document.attribute(dimension, of: node).flatMap({ Int($0) }), value > 0, value < 100_000 {
                attributes.append((dimension, String(value)))
            }
        }
        open("img", attributes)
        output.removeLast()
        output += "/>"
    }

    /// A list: its `li`s as they are, anything else between them wrapped in one.
    private mutating func writeList(_ node: Int, _ name: String, _ context: Context, depth: Int) {
        open(name, attributes(of: node, name: name))
        var stray: [Int] = []
        func flushStray(_ writer: inout XHTMLWriter) {
            defer { stray.removeAll() }
            guard stray.contains(where: { !writer.isBlank($0) }) else { return }
            writer.output += "<li>"
            for child in stray { writer.write(child, context.asFlow, depth: depth + 1) }
            writer.output += "</li>"
        }
        for child in document.children(of: node) {
            if isElement(child, "li") {
                flushStray(&self)
                element("li", child, context.asFlow, depth: depth + 1, attributesOf: name == "ol" ? "li" : "div")
            } else {
                stray.append(child)
            }
        }
        flushStray(&self)
        output += "</\(name)>"
    }

    /// A `dl` whose children are groups of `dt`s then `dd`s; otherwise a `div` of plain blocks.
    private mutating func writeDefinitionList(_ node: Int, _ context: Context, depth: Int) {
        let significant = document.children(of: node).filter { !isBlank($0) }
        var valid = !significant.isEmpty
        var previous = ""
        for child in significant {
            let name = document.isText(child) || !document.isHTML[child] ? "" : document.names[child]
            guard name == "dt" || name == "dd" else { valid = false; break }
            if previous.isEmpty && name == "dd" { valid = false; break }
            previous = name
        }
        guard valid, previous == "dd" else {
            element("div", node, context, depth: depth, attributesOf: "div")
            return
        }
        open("dl", attributes(of: node, name: "dl"))
        for child in significant {
            let name = document.names[child]
            var inner = context.asFlow
            if name == "dt" { inner.noHeadings = true }
            element(name, child, inner, depth: depth + 1, attributesOf: "div")
        }
        output += "</dl>"
    }

    /// A table's parts in the order HTML wants them: one caption, column groups, one head, bodies, one foot
    /// (a second head or foot is written as a body).
    private mutating func writeTable(_ node: Int, _ context: Context, depth: Int) {
        var parts: [(rank: Int, name: String, node: Int)] = []
        var seen = Set<String>()
        for child in document.children(of: node) where !document.isText(child) && document.isHTML[child] {
            var name = document.names[child]
            if ["caption", "thead", "tfoot"].contains(name), !seen.insert(name).inserted {
                if name == "caption" { continue }
                name = "tbody"
            }
            let rank = ["caption": 0, "colgroup": 1, "thead": 2, "tbody": 3, "tr": 3, "tfoot": 4][name]
            if let rank { parts.append((rank, name, child)) }
        }
        var cell = context.asFlow
        cell.noTables = false
        output += "<table>"
        for part in parts.enumerated().sorted(by: { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }).map(\.element) {
            switch part.name {
            case "caption":
                var inner = cell
                inner.noTables = true
                element("caption", part.node, inner, depth: depth + 1, attributesOf: "div")
            case "colgroup":
                let columns = document.children(of: part.node).filter { isElement($0, "col") }
                open("colgroup", columns.isEmpty ? attributes(of: part.node, name: "colgroup") : [])
                for column in columns {
                    open("col", attributes(of: column, name: "col"))
                    output.removeLast()
                    output += "/>"
                }
                output += "</colgroup>"
            case "tr":
                writeRow(part.node, cell, depth: depth + 1)
            default:
                output += "<\(part.name)>"
                for row in document.children(of: part.node) where isElement(row, "tr") { writeRow(row, cell, depth: depth + 2) }
                output += "</\(part.name)>"
            }
        }
        output += "</table>"
    }

    private mutating func writeRow(_ row: Int, _ context: Context, depth: Int) {
        output += "<tr>"
        for cell in document.children(of: row) where isElement(cell, "td") || isElement(cell, "th") {
            let name = document.names[cell]
            var inner = context
            if name == "th" { inner.noHeadings = true }
            element(name, cell, inner, depth: depth + 1)
        }
        output += "</tr>"
    }

    /// A figure keeps one `figcaption`, its first or last child; another one is a plain block.
    private mutating func writeFigure(_ node: Int, _ context: Context, depth: Int) {
        let significant = document.children(of: node).filter { !isBlank($0) }
        var caption: Int?
        if let first = significant.first, isElement(first, "figcaption") {
            caption = first
        } else if let last = significant.last, isElement(last, "figcaption") {
            caption = last
        }
        open("figure", attributes(of: node, name: "figure"))
        for child in document.children(of: node) {
            if child == caption {
                element("figcaption", child, context.asFlow, depth: depth + 1, attributesOf: "div")
            } else {
                write(child, context.asFlow, depth: depth + 1)
            }
        }
        output += "</figure>"
    }

    private func isElement(_ node: Int, _ name: String) -> Bool {
        !document.isText(node) && document.isHTML[node] && document.names[node] == name
    }

    /// A text node of whitespace only.
    private func isBlank(_ node: Int) -> Bool {
        guard document.isText(node) else { return false }
        return document.withText(node) { $0.allSatisfy { Whitespace.isASCIISpace($0) } }
    }
}
