/// Walks a parsed article once, in document order with an explicit stack, and lays it out for a
/// terminal: blocks, headings, lists, quotes, `<pre>`, tables, images, links and emphasis.
struct TerminalWriter {
    /// What closing an element does.
    private enum Closing {
        case nothing, block, line, heading, mark, link(String), list, item, quote, pre, row, cell, figure, container
    }

    private let document: Document
    /// The lines so far.
    private(set) var layout: TerminalLayout
    /// The links footnoted so far.
    private(set) var footnotes = LinkFootnotes()
    private var inline = InlineText()
    private var headingLead: (first: String, rest: String)?
    private var preDepth = 0
    private var preText = String.UnicodeScalarView()
    private var cellDepth = 0
    private var rowCells: [Int] = []
    private var lists: [ListNumbering] = []
    private var itemDepth = 0
    private var linkOpen = false
    /// Open figures: the image their caption belongs to and the caption.
    private var figures: [(image: Int?, caption: String)] = []

    private static let blocks: Set<String> = [
        "p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "address", "details",
        "summary", "dl", "hgroup", "center", "fieldset", "legend", "table", "figcaption",
    ]
    private static let marks: [String: (String, String)] = [
        "em": ("_", "_"), "i": ("_", "_"), "strong": ("*", "*"), "b": ("*", "*"), "code": ("`", "`"),
        "kbd": ("`", "`"), "samp": ("`", "`"), "q": ("“", "”"),
    ]

    /// A writer for `document` laid out in `width` columns.
    init(document: Document, width: Int) {
        self.document = document
        layout = TerminalLayout(width: width)
    }

    /// Writes `title` underlined and `byline` under it.
    mutating func header(title: String?, byline: String?) {
        let title = title.map(TerminalSafety.clean) ?? ""
        let byline = byline.map(TerminalSafety.clean) ?? ""
        if !title.isEmpty {
            let lines = LineWrapper.wrap(Substring(title), width: layout.width)
            for line in lines { layout.addLine(line) }
            let underline = lines.map { DisplayWidth.of($0) }.max() ?? 1
            layout.addLine(String(repeating: "═", count: min(max(underline, 1), layout.width)))
        }
        if !byline.isEmpty { layout.paragraph(byline) }
        layout.requestBlankLine()
    }

    /// Writes the subtrees of `roots`.
    mutating func write(roots: [Int]) {
        var stack: [(end: Int, closing: Closing)] = []
        for root in roots {
            var index = root
            let end = document.ends[root]
            while index < end {
                while let top = stack.last, top.end <= index {
                    stack.removeLast()
                    close(top.closing)
                }
                if document.removed[index] {
                    index = document.ends[index]
                    continue
                }
                if document.isText(index) {
                    text(index)
                    index += 1
                    continue
                }
                let name = document.names[index]
                guard document.isHTML[index], !HTMLSanitizer.droppedElements.contains(name),
                      let closing = open(name, index) else {
                    index = document.ends[index]
                    continue
                }
                stack.append((document.ends[index], closing))
                index += 1
            }
            while let top = stack.popLast() { close(top.closing) }
        }
        flush()
    }

    /// Writes the list of footnoted links.
    mutating func linksSection() {
        guard !footnotes.urls.isEmpty else { return }
        layout.requestBlankLine()
        layout.addLine("Links")
        layout.addLine("─────")
        for (offset, url) in footnotes.urls.enumerated() { layout.addLine("[\(offset + 1)] \(url)") }
    }

    // MARK: - Elements

    /// Starts element `node`; returns what its end does, or nil to skip it with its content.
    private mutating func open(_ name: String, _ node: Int) -> Closing? {
        if let (opening, closing) = Self.marks[name] {
            guard preDepth == 0 else { return .nothing }
            inline.open(opening, close: closing)
            return .mark
        }
        switch name {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            guard preDepth == 0 else { return .nothing }
            guard cellDepth == 0 else { return cellBlock() }
            startBlock()
            let level = Int(String(name.dropFirst())) ?? 1
            headingLead = (String(repeating: "#", count: level) + " ", String(repeating: " ", count: level + 1))
            return .heading
        case "figure":
            startBlock()
            let image = document.first(named: "img", in: node)
            let caption = document.first(named: "figcaption", in: node).map { TerminalSafety.clean(document.textContent($0)) }
            figures.append((image, caption ?? ""))
            return .figure
        case "figcaption" where figures.last?.image != nil:
            return nil
        case _ where Self.blocks.contains(name):
            startBlock()
            return .block
        case "br":
            if preDepth > 0 { preText.append("\n") } else if cellDepth > 0 { inline.space() } else { inline.lineBreak() }
            return .nothing
        case "hr":
            guard preDepth == 0, cellDepth == 0 else { return .nothing }
            startBlock()
            layout.rule()
            layout.requestBlankLine()
            return .nothing
        case "pre":
            if preDepth == 0 { startBlock() }
            preDepth += 1
            return .pre
        case "a":
            guard preDepth == 0, !linkOpen, let href = document.attribute("href", of: node),
                  let url = LinkFootnotes.listable(href) else { return .nothing }
            linkOpen = true
            inline.startLink()
            return .link(url)
        case "img":
            image(node)
            return .nothing
        case "ul", "ol":
            guard cellDepth == 0 else { return cellBlock() }
            if itemDepth > 0 { flush() } else { startBlock() }
            lists.append(ListNumbering(document, node))
            return .list
        case "li":
            guard cellDepth == 0 else { return cellBlock() }
            flush()
            let marker = lists.isEmpty ? "• " : lists[lists.count - 1].marker(value: document.attribute("value", of: node))
            let indent = String(repeating: " ", count: 2 + DisplayWidth.of(marker))
            layout.push(TerminalLayout.Container(first: "  " + marker, rest: indent))
            itemDepth += 1
            return .item
        case "blockquote":
            guard cellDepth == 0 else { return cellBlock() }
            startBlock()
            layout.push(TerminalLayout.Container(first: "│ ", rest: "│ "))
            return .quote
        case "dt", "caption":
            startLine()
            return .line
        case "dd":
            guard cellDepth == 0 else { return cellBlock() }
            flush()
            layout.push(TerminalLayout.Container(first: "    ", rest: "    "))
            return .container
        case "tr":
            startLine()
            rowCells.append(0)
            return .row
        case "td", "th":
            if let cells = rowCells.last {
                if cells > 0 { inline.appendSeparator(" │ ") }
                rowCells[rowCells.count - 1] += 1
            }
            cellDepth += 1
            return .cell
        default:
            return .nothing
        }
    }

    /// Ends an element.
    private mutating func close(_ closing: Closing) {
        switch closing {
        case .nothing: break
        case .block: endBlock()
        case .line: startLine()
        case .mark: inline.close()
        case .heading:
            flush()
            headingLead = nil
            layout.requestBlankLine()
        case .figure:
            figures.removeLast()
            endBlock()
        case .pre:
            preDepth -= 1
            if preDepth == 0 { writePre() }
        case .link(let url):
            linkOpen = false
            let (text, hasContent) = inline.endLink()
            guard hasContent, !LinkFootnotes.textShowsURL(text, url) else { return }
            let mark = "[\(footnotes.number(for: url))]"
            if inline.isEmpty { layout.appendToLastLine(mark) } else { inline.appendSuffix(mark) }
        case .list:
            lists.removeLast()
            if itemDepth > 0 { flush() } else { endBlock() }
        case .item:
            flush()
            layout.pop()
            itemDepth -= 1
        case .quote:
            flush()
            layout.pop()
            layout.requestBlankLine()
        case .container:
            flush()
            layout.pop()
        case .row:
            rowCells.removeLast()
            startLine()
        case .cell:
            cellDepth -= 1
        }
    }

    private mutating func text(_ node: Int) {
        let text = document.text(node)
        guard preDepth > 0 else { return inline.append(text) }
        var afterReturn = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                preText.append("\n")
            } else if scalar == "\n" {
                if !afterReturn { preText.append("\n") }
            } else if scalar == "\t" || !TerminalSafety.isForbidden(scalar) {
                preText.append(scalar)
            }
            afterReturn = scalar == "\r"
        }
    }

    private mutating func image(_ node: Int) {
        var label = document.attribute("alt", of: node).map(TerminalSafety.clean) ?? ""
        if let figure = figures.last, figure.image == node, !figure.caption.isEmpty { label = figure.caption }
        let text = label.isEmpty ? "[Image]" : "[Image: \(label)]"
        if preDepth > 0 {
            preText.append(contentsOf: text.unicodeScalars)
        } else if cellDepth > 0 {
            inline.appendAtom(text)
        } else {
            inline.startOwnLine()
            inline.appendAtom(text)
            inline.breakBeforeNextContent()
        }
    }

    private mutating func writePre() {
        let text = String(preText)
        preText = String.UnicodeScalarView()
        if cellDepth > 0 { return inline.append(text) }
        flush()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        layout.verbatim(lines, indent: "    ")
        layout.requestBlankLine()
    }

    // MARK: - Breaks

    /// A block inside a table cell: spaces around it, nothing more.
    private mutating func cellBlock() -> Closing {
        startBlock()
        return .block
    }

    /// Ends the paragraph and asks for a blank line (inside a table cell, just a space).
    private mutating func startBlock() {
        guard cellDepth == 0 else { return inline.space() }
        flush()
        layout.requestBlankLine()
    }

    private mutating func endBlock() { startBlock() }

    /// Ends the paragraph so what follows starts a new line (inside a table cell, just a space).
    private mutating func startLine() {
        guard cellDepth == 0 else { return inline.space() }
        flush()
    }

    /// Writes the paragraph built so far.
    private mutating func flush() {
        let text = inline.take()
        guard !text.isEmpty else { return }
        if let lead = headingLead {
            layout.paragraph(text, lead: lead.first, leadRest: lead.rest)
            headingLead = (lead.rest, lead.rest)
        } else {
            layout.paragraph(text)
        }
    }
}
