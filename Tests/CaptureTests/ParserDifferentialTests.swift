import Foundation
import Testing
@testable import SatchelCapture

/// Satchel's HTML parser against Gumbo, the spec-following parser it replaces: the documents must be the
/// same, node for node (names, namespace, attributes, text), on tricky markup and on every page the tests
/// write.
@Suite struct ParserDifferentialTests {
    /// Markup that exercises each part of the Standard's parser.
    static let snippets: [String] = [
        // Formatting elements, the adoption agency, Noah's Ark.
        "<b><i></b></i>", "<p><b>1<i>2</b>3</i>4</p>", "<a><p>x</a>y", "<a>1<a>2</a>", "<b><b><b><b>x</b></b></b></b>y",
        "<b class=x><b class=x><b class=x><b class=x>four</b>", "<div><b><div><i>x</b>y</i>z</div>", "<nobr>a<nobr>b",
        "<b>1<p>2</b>3</p>", "<a href=1><div><a href=2>x</a></div></a>", "<em><strong><p>x</em>y</strong>",
        "<table><tr><td><b>x</td></tr></table>y", "<b><table><td></b><i></table>x",
        "<p>1<b>2<i>3<u>4<s>5</p>6", "<u><u><u><u><u><div>x</u>y",
        // Tables and foster parenting.
        "<table><div>x</div></table>", "<p><table><tr><td>x</table>", "<!doctype html><p><table>", "<table>a<tr>b<td>c",
        "x<table>y</table>", "<table><tr><td>a</td></tr><p>fostered</p></table>", "<table><caption>c<td>x</table>",
        "<table><colgroup><col><col></colgroup><tbody><tr><th>h</th></tr></tbody></table>", "<table><col><tr>",
        "<table><input type=hidden><input type=text></table>", "<table><form><tr><td>x</form></table>",
        "<table> <tr> <td> a </td> </tr> </table>", "<table><tr><td><table><tr><td>inner</table></td></tr></table>",
        "<table><thead><tr><td>1<tbody><tr><td>2<tfoot><tr><td>3</table>", "<table><td><b>x</td><td>y</b></table>",
        "<table><script>s</script><style>t</style></table>", "<table><tr>x<td>y", "<table>&nbsp;<tr>",
        // Select.
        "<select><option>1<option>2</select>", "<select><optgroup><option>a</optgroup><option>b</select>",
        "<select><select>x", "<select><input>", "<table><tr><td><select><td>x", "<select><b>bold</b></select>",
        "<select><textarea>t</textarea>", "<table><select><tr><td>x</select></table>",
        // Template.
        "<template><tr><td>x</td></tr></template><p>after</p>", "<template><p>a<template>b</template>c</template>",
        "<head><template><meta></template></head>", "<template><col>", "<template><td>", "<template></div>x",
        "<table><template><td>x</template></table>", "<template><form><input></form></template>",
        // Foreign content.
        "<svg><foreignObject><p>in</p></foreignObject><title>t</title></svg>", "<math><mi>x</mi><mo>+</mo></math>",
        "<svg viewbox='0 0 1 1'><path d=M0/></svg>", "<svg><g></g ><p>out", "<svg><desc><b>x</b></desc></svg>",
        "<math><annotation-xml encoding=text/html><p>x</p></annotation-xml></math>", "<svg><![CDATA[a<b]]></svg>",
        "<math><mi><svg><circle/></svg></mi></math>", "<svg><font color=red>x</font></svg>", "<svg><font>y</font></svg>",
        "<svg xlink:href=a xml:lang=en definitionurl=d><clipPath/></svg>", "<math definitionurl=x><mtext>t</mtext>",
        "<svg><a><b>x</b></a></svg>", "<svg><script>if (a<b) x</script></svg>", "<p><svg><p>x</p></svg>",
        // Text content models.
        "<script><!--<script></script>--></script>x", "<script>a<!--b<script>c</script>d-->e</script>f",
        "<script><!-- x --> y</script>z", "<script><!--<script>--></script></script>", "<title>a &amp; <b> b</title>",
        "<textarea>\nx</textarea>", "<pre>\n\nline</pre>", "<listing>\nx</listing>", "<style>p{}</style><xmp><b></xmp>",
        "<iframe><p></iframe>", "<noembed><p></noembed>", "<noframes><p></noframes>", "<plaintext><b>x</b>",
        "<noscript><p>x</p></noscript>", "<head><noscript><link><p>x</p></noscript></head>",
        // Character references.
        "&notin; &noti &notit; &amp &ampx &#x0; &#128; &#x80; &#0; &#65 &#x41; &#xD800; &#x110000; &#99999999999;",
        "<a href='?a=1&amp=2&ampx=3&copy=4&not=5&notin'>x</a>", "<a title=&quot;a&quot; alt=&#x3C;>x</a>",
        "&AElig &aelig; &CounterClockwiseContourIntegral; &#9; &#13; &#x1F600; &lt&gt", "& &; &# &#x &#xg; &x",
        // Comments, doctypes, bogus markup.
        "<!-- unclosed", "a<!---->b<!-->c<!--->d<!-- -- -->e<!--x--!>f", "<?php echo 1 ?>x", "</>x</ x>y",
        // An unknown element right after `</>` (Gumbo's own text of it starts at the `</>`; found by the fuzzer).
        "<body></><x>y</x>", "<div></div></></><noscritml>\n",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p><table>",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.0 Transitional//\"><p><table>", "<!doctype><p><table>",
        "<!DOCTYPE html SYSTEM \"about:legacy-compat\"><p><table>", "<!DOCTYPE svg><p><table>",
        // Structure, implied tags, line endings.
        "<ul><li>one<li>two</ul><p>a<div>b</div>", "<dl><dt>a<dd>b<dt>c</dl>", "<p>a<p>b<h1>c<h2>d</h1>e",
        "a\r\nb\rc\n", "<html a=1><body b=2><html c=3><body d=4>", "</p>x</br>", "<frameset><frame></frameset>",
        "<body><frameset>x", "<head></head> <body>", "<h1><h2>x</h2></h1>", "<button><button>x", "<form><form>x</form>",
        "<form id=a><div></form>x</div>", "<ruby>a<rb>b<rt>c<rtc>d<rp>e</ruby>", "<image src=x>", "<isindex prompt=p>",
        "<p>a</span>b", "<x-a><x-b>t</x-a>u", "<DIV CLASS=A>x</DIV>", "<a b c d=1 b=2>x", "<p a b a c>x", "<p a=1 a b=2 a/c a>y", "<p x x x=1 y>z", "<p/>x<br/>y<div/>z",
        "<object><p>x</object>y", "<marquee><b>x</marquee>y", "<applet>a", "<main><p>x</main>", "<hr><wbr><keygen>",
        "<body>\u{0001}\u{007F}\u{0080}x" + String(decoding: [0xEF, 0xBF, 0xBE, 0xEF, 0xB7, 0x90, 0xC0, 0xE0, 0x80], as: UTF8.self), "<p>\u{0B}</p><table>\u{0B}</table>",
        "<svg><p>", "<math><tr><td>x", "<table><math><mi>x</table>", "<a><svg><a>x</a></svg></a>", "", " ", "x",
    ]

    func expectSame(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let difference = HTMLParserComparison.firstDifference(utf8: Array(html.utf8).filter { $0 != 0 })
        #expect(difference == nil, "\(html.debugDescription)\n\(difference ?? "")", sourceLocation: sourceLocation)
    }

    @Test(arguments: snippets) func snippetsParseAsGumboParsesThem(_ html: String) {
        expectSame(html)
    }

    @Test func theTestPagesParseAsGumboParsesThem() {
        expectSame(Pages.page())
        expectSame(Pages.page(head: "<meta name=author content=Marta><script>var a = '<p>';</script>", after: "<aside>x</aside>"))
    }

    /// Every string literal with markup in the capture tests' sources, and every fuzzing seed page.
    @Test func everyMarkupLiteralOfTheTestsParsesAsGumboParsesIt() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var inputs: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            inputs += Self.markupLiterals(in: source)
        }
        let seeds = folder.deletingLastPathComponent().appendingPathComponent("Fuzz/capture-corpus")
        for file in (try? FileManager.default.contentsOfDirectory(atPath: seeds.path)) ?? [] {
            if let data = try? Data(contentsOf: seeds.appendingPathComponent(file)) { inputs.append(String(decoding: data, as: UTF8.self)) }
        }
        #expect(inputs.count > 50)
        for input in inputs { expectSame(input) }
    }

    /// String literals (one-line and multi-line) that contain a `<`.
    static func markupLiterals(in source: String) -> [String] {
        var found: [String] = []
        let multiline = /"""\n(?<body>[\s\S]*?)\n\s*"""/
        for match in source.matches(of: multiline) where match.output.body.contains("<") { found.append(String(match.output.body)) }
        let single = /"(?<body>(?:[^"\\\n]|\\.)*<(?:[^"\\\n]|\\.)*)"/
        for match in source.matches(of: single) {
            found.append(String(match.output.body).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\n", with: "\n"))
        }
        return found
    }
}

/// The comparison itself: a dump shows every node, so a changed name, attribute or text is a difference.
@Suite struct DocumentDumpTests {
    @Test func theDumpShowsNamesNamespacesAttributesAndText() {
        let lines = DocumentDump.lines(HTMLTreeParser.parse(Array("<p class=a>x<svg><g id=b></g></svg>".utf8)))
        #expect(lines == [
            "0 #document", " 1 html", "  2 head", "  2 body", "   3 p \"class\"=\"a\"", "    4 \"x\"", "    4 svg !",
            "     5 g ! \"id\"=\"b\"",
        ])
    }

    @Test func aDifferentTreeIsADifference() {
        let ours = DocumentDump.lines(HTMLTreeParser.parse(Array("<p class=a>x".utf8)))
        #expect(ours != DocumentDump.lines(GumboParser.parse(Array("<p class=b>x".utf8))))
        #expect(ours != DocumentDump.lines(GumboParser.parse(Array("<p class=a>y".utf8))))
        #expect(ours != DocumentDump.lines(GumboParser.parse(Array("<div class=a>x".utf8))))
        #expect(ours == DocumentDump.lines(GumboParser.parse(Array("<p class=a>x".utf8))))
    }
}
