/// A ``Document`` written out one node a line in document order: the depth, then an element's name, `!`
/// when it is not in the HTML namespace, and its attributes, or a text node's text as a string literal.
/// Two documents are the same tree exactly when their dumps are equal.
enum DocumentDump {
    /// The lines of `document`'s dump.
    static func lines(_ document: Document) -> [String] {
        var lines: [String] = []
        lines.reserveCapacity(document.count)
        var depth: [Int] = Array(repeating: 0, count: document.count)
        for node in 0..<document.count {
            let parent = document.parents[node]
            depth[node] = parent >= 0 ? depth[parent] + 1 : 0
            let indent = String(repeating: " ", count: min(depth[node], 200)) + "\(depth[node]) "
            if document.isText(node) {
                lines.append(indent + document.text(node).debugDescription)
            } else {
                var line = indent + document.names[node] + (document.isHTML[node] ? "" : " !")
                for attribute in document.attributes[node] {
                    line += " " + attribute.name.debugDescription + "=" + attribute.value.debugDescription
                }
                lines.append(line)
            }
        }
        return lines
    }
}

/// Compares the project's HTML parser (``HTMLTreeParser``) with Gumbo on the same input: the differential
/// check behind `satchel-capture-bench compare-parsers`, the fuzzer and the parser tests.
public enum HTMLParserComparison {
    /// The first difference between the two parsers' documents for a page's bytes (decoded as
    /// ``ArticleExtractor`` decodes them and cut by ``NestingGuard``), or nil when they are the same.
    public static func firstDifference(page: [UInt8], contentType: String? = nil) -> String? {
        let utf8 = CharacterEncoding.utf8(page, contentType: contentType)
        return firstDifference(utf8: NestingGuard.cut(utf8, maximumDepth: HTMLParser.maximumDepth))
    }

    /// The two parsers.
    public enum Parser: Sendable, CustomStringConvertible {
        case satchel, gumbo
        public var description: String { self == .satchel ? "satchel" : "gumbo" }
    }

    /// Parses a page (decoded and cut as for extraction) with `parser`; returns the number of nodes.
    public static func nodeCount(page: [UInt8], parser: Parser) -> Int {
        let utf8 = NestingGuard.cut(CharacterEncoding.utf8(page, contentType: nil), maximumDepth: HTMLParser.maximumDepth)
        return parser == .satchel ? HTMLTreeParser.parse(utf8).count : GumboParser.parse(utf8).count
    }

    /// The first difference between the documents of UTF-8 input `utf8` (NUL-free), or nil.
    static func firstDifference(utf8: [UInt8]) -> String? {
        let (document, stoppedAtDepth) = HTMLTreeParser.parseReportingDepth(utf8)
        // A page nesting past the bound is cut on purpose where Gumbo goes on: nothing to compare.
        if stoppedAtDepth { return nil }
        let ours = DocumentDump.lines(document)
        let gumbo = DocumentDump.lines(GumboParser.parse(utf8))
        guard ours != gumbo else { return nil }
        let index = zip(ours, gumbo).prefix { $0 == $1 }.count
        /// Line `index` of `lines`, or the end.
        func line(_ lines: [String], _ index: Int) -> String { index < lines.count ? lines[index] : "(end of document)" }
        let context = index > 0 ? "after line \(index): \(line(gumbo, index - 1).prefix(200))\n" : ""
        return "\(context)line \(index + 1):\n  ours:  \(line(ours, index).prefix(300))\n  gumbo: \(line(gumbo, index).prefix(300))"
    }
}
