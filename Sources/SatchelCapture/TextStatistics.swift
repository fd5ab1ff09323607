/// Per-node sums computed bottom-up in one pass (children have larger numbers than their parents):
/// text length, text inside links, commas, and whether a block element lies below.
struct TextStatistics: Sendable {
    var textLength: [Int]
    var linkLength: [Int]
    var commas: [Int]
    var hasBlock: [Bool]
    /// Text directly in the node (its own text children and inline element children), not in blocks.
    var inlineLength: [Int]

    /// Block-level elements: a container holding one of them is not itself a paragraph.
    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
        "section", "table", "ul", "img", "picture", "tr", "td", "th", "tbody", "thead", "details", "figcaption",
    ]

    /// Computes the sums for every node of `document`, ignoring removed nodes.
    init(_ document: Document) {
        let count = document.count
        textLength = Array(repeating: 0, count: count)
        linkLength = Array(repeating: 0, count: count)
        commas = Array(repeating: 0, count: count)
        hasBlock = Array(repeating: false, count: count)
        inlineLength = Array(repeating: 0, count: count)
        var index = count - 1
        while index >= 0 {
            defer { index -= 1 }
            if document.removed[index] { continue }
            if document.isText(index) {
                textLength[index] = Int(document.textLengths[index])
                commas[index] = Int(document.textCommas[index])
                continue
            }
            var text = 0, links = 0, commaSum = 0, block = false, inline = 0
            let isLink = document.names[index] == "a"
            var next = Int(document.firstChild[index])
            while next >= 0 {
                let child = next
                next = Int(document.nextSibling[child])
                if document.removed[child] { continue }
                text += textLength[child]
                links += isLink ? textLength[child] : linkLength[child]
                commaSum += commas[child]
                let childIsBlock = !document.isText(child) && Self.blocks.contains(document.names[child])
                block = block || childIsBlock || hasBlock[child]
                if !childIsBlock { inline += document.isText(child) ? textLength[child] : (hasBlock[child] ? inlineLength[child] : textLength[child]) }
            }
            textLength[index] = text
            linkLength[index] = links
            commas[index] = commaSum
            hasBlock[index] = block
            inlineLength[index] = inline
        }
    }

    /// Share of the node's text inside links, 0…1.
    func linkDensity(_ node: Int) -> Double {
        textLength[node] == 0 ? 0 : Double(linkLength[node]) / Double(textLength[node])
    }

}
