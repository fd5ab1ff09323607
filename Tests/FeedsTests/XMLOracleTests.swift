import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SatchelFeeds

/// On well-formed XML, the forgiving parser builds the tree libxml2 builds (through Foundation's `XMLParser`,
/// namespaces on): the same elements with the same namespaces, nesting and text. Only broken XML, where libxml2
/// stops, is where they may differ.
@Suite struct XMLOracleTests {
    /// One line per element: depth, namespace, local name (lowercased, as the feed parser keeps them) and its own
    /// text with whitespace collapsed.
    final class Collector: NSObject, XMLParserDelegate {
        var lines: [String] = []
        private var stack: [(line: Int, text: String)] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            lines.append("")
            stack.append((lines.count - 1, ""))
            lines[lines.count - 1] = "\(stack.count) \(namespaceURI ?? "") \(elementName.lowercased())"
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self) }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard let (line, text) = stack.popLast() else { return }
            lines[line] += " [\(FeedText.collapse(text))]"
        }
    }

    static func oracle(_ text: String) -> [String]? {
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let collector = Collector()
        parser.delegate = collector
        return parser.parse() ? collector.lines : nil
    }

    static func ours(_ text: String) -> [String] {
        let tree = TolerantXMLParser.parse(Array(text.utf8), documentURL: nil)
        var lines: [String] = []
        func walk(_ element: Int, depth: Int) {
            let node = tree.elements[element]
            var own = ""
            for case .text(let piece) in node.content { own += piece }
            lines.append("\(depth) \(node.namespace) \(node.name) [\(FeedText.collapse(own))]")
            for child in tree.children(element) { walk(child, depth: depth + 1) }
        }
        if let root = tree.root { walk(root, depth: 1) }
        return lines
    }

    static let documents = [
        """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://e.example/">
          <title type="html">A &amp; B &lt;i&gt;</title><link href="/"/>
          <entry><id>tag:e,1</id><title>One</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <b>there</b></p></div></content></entry>
        </feed>
        """,
        """
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel><title>T</title><item><title><![CDATA[<b>Bold</b> & co]]></title><dc:creator>Di</dc:creator>
          <content:encoded><![CDATA[<p>x</p>]]></content:encoded><guid isPermaLink="false">7</guid></item></channel>
        </rss>
        """,
        """
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
          <channel rdf:about="https://r.example/"><title>R</title></channel>
          <item rdf:about="https://r.example/1"><title>&#233;t&#xE9; &#8212; ok</title></item>
        </rdf:RDF>
        """,
        """
        <a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:entry><a:title>Prefixed</a:title></a:entry><!-- note --><?pi x?></a:feed>
        """,
    ]

    @Test(arguments: documents)
    func sameTreeAsLibxml2(_ document: String) throws {
        let expected = try #require(Self.oracle(document), "the oracle reads it")
        #expect(Self.ours(document) == expected)
    }
}
