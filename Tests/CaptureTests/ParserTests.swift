import Testing
@testable import SatchelCapture

/// The parser follows the HTML Standard's tree construction (the reason for Gumbo over libxml2's HTML
/// parser, which builds different trees for each of these).
@Suite struct ParserTests {
    func parse(_ html: String) -> Document { HTMLParser.parse(Array(html.utf8)) }

    /// The body's subtree as nested names (`p(b(#1 i(#2)) i(#3) #4)`).
    func outline(_ document: Document, _ node: Int) -> String {
        if document.isText(node) { return "#" + document.text(node) }
        let inner = document.children(of: node).map { outline(document, $0) }.joined(separator: " ")
        return inner.isEmpty ? document.names[node] : "\(document.names[node])(\(inner))"
    }

    func body(_ html: String) -> String {
        let document = parse(html)
        return outline(document, document.first(named: "body")!)
    }

    @Test func misnestedFormattingUsesTheAdoptionAgency() {
        #expect(body("<p><b>1<i>2</b>3</i>4</p>") == "body(p(b(#1 i(#2)) i(#3) #4))")
    }

    @Test func contentInsideATableIsFosterParented() {
        #expect(body("<table><tr><td>a</td></tr><p>fostered</p></table>") == "body(p(#fostered) table(tbody(tr(td(#a)))))")
    }

    @Test func impliedEndTags() {
        #expect(body("<ul><li>one<li>two</ul><p>a<div>b</div>") == "body(ul(li(#one) li(#two)) p(#a) div(#b))")
    }

    @Test func templateContentsStayInTheTemplate() {
        let document = parse("<template><tr><td>x</td></tr></template><p>after</p>")
        #expect(document.first(named: "template") != nil)
        #expect(outline(document, document.first(named: "body")!) == "body(p(#after))")
    }

    @Test func foreignContentIsNotHTML() {
        let document = parse("<svg><foreignObject><p>in</p></foreignObject><title>t</title></svg><math><mi>x</mi></math>")
        let svgTitle = document.elements(named: "title").first { !document.isHTML[$0] }
        #expect(svgTitle != nil)
        #expect(document.elements(named: "mi").allSatisfy { !document.isHTML[$0] })
        #expect(document.elements(named: "p").allSatisfy { document.isHTML[$0] })
    }

    @Test func entitiesAreDecoded() {
        #expect(body("<p>&amp; &lt; &eacute; &#x263A; &notin; &noti;</p>") == "body(p(#& < é ☺ ∉ ¬i;))")
    }
}
