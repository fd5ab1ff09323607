import Testing
@testable import SatchelCapture

/// The terminal rendering of sanitized article HTML, checked on exact output.
@Suite struct ReadingRendererTests {
    func render(_ html: String, width: Int = 80) -> String {
        ReadingRenderer.terminalText(html: html, width: width)
    }

    @Test func titleAndBylineOnTop() {
        #expect(ReadingRenderer.terminalText(html: "<p>Body</p>", width: 40, title: "A  Title", byline: "By Ada")
            == "A Title\n═══════\nBy Ada\n\nBody\n")
    }

    @Test func headingsAreSetApart() {
        #expect(render("<h1>Title</h1><p>Intro text.</p><h2>Part <em>two</em></h2><p>Body.</p><h6>Small</h6>")
            == "# Title\n\nIntro text.\n\n## Part _two_\n\nBody.\n\n###### Small\n")
    }

    @Test func aLongHeadingWrapsUnderItsText() {
        #expect(render("<h2>A heading that is too long</h2>", width: 16) == "## A heading\n   that is too\n   long\n")
    }

    @Test func paragraphsWrapAtWordBoundaries() {
        let output = render("<p>The quick brown fox jumps over the lazy dog again and again.</p><p>Second.</p>", width: 20)
        #expect(output == "The quick brown fox\njumps over the lazy\ndog again and again.\n\nSecond.\n")
    }

    @Test func onlyWordsLongerThanTheLineAreSplit() {
        #expect(render("<p>a supercalifragilistic b</p>", width: 10) == "a\nsupercalif\nragilistic\nb\n")
    }

    @Test func wideCharactersTakeTwoColumns() {
        #expect(render("<p>日本語の文章です</p>", width: 8) == "日本語の\n文章です\n")
        #expect(DisplayWidth.of("日本a" as String) == 5)
        #expect(DisplayWidth.of("e\u{301}" as String) == 1)
    }

    @Test func aNoBreakSpaceDoesNotBreak() {
        #expect(render("<p>aaaa bbbb&nbsp;cccc</p>", width: 10) == "aaaa\nbbbb cccc\n")
    }

    @Test func whitespaceCollapsesAndEmphasisIsMarked() {
        #expect(render("<p>  lots   of\n\n spaces <em> here </em>end, <strong>bold</strong> <b><i>both</i></b><i> </i>.</p>")
            == "lots of spaces _here_ end, *bold* *_both_* .\n")
    }

    @Test func lineBreaksAndInlineCode() {
        #expect(render("<p>line one<br>line  two<br><br>line <code>make   all</code></p>")
            == "line one\nline two\n\nline `make all`\n")
    }

    @Test func entitiesAreDecoded() {
        #expect(render("<p>Caf&eacute; &amp; &lt;tag&gt; &quot;q&quot; 5&nbsp;km &#x1F600;</p>") == "Café & <tag> \"q\" 5 km 😀\n")
    }

    @Test func bulletedAndNestedLists() {
        #expect(render("<p>Before</p><ul><li>One</li><li>Two<ul><li>Nested</li></ul></li><li>Three</li></ul><p>After</p>")
            == "Before\n\n  • One\n  • Two\n      • Nested\n  • Three\n\nAfter\n")
    }

    @Test func orderedListsRespectStartAndValue() {
        #expect(render(#"<ol start="3"><li>Three</li><li>Four</li><li value="10">Ten</li><li>Eleven</li></ol>"#)
            == "  3. Three\n  4. Four\n  10. Ten\n  11. Eleven\n")
        #expect(render("<ol reversed><li>c</li><li>b</li><li>a</li></ol>") == "  3. c\n  2. b\n  1. a\n")
        #expect(render(#"<ol type="a" start="2"><li>b</li></ol><ol type="I" start="4"><li>four</li></ol>"#) == "  b. b\n\n  IV. four\n")
    }

    @Test func wrappedItemsContinueUnderTheirText() {
        #expect(render("<ul><li>alpha beta gamma delta epsilon</li></ul><ol><li>one two three four five six</li></ol>", width: 20)
            == "  • alpha beta gamma\n    delta epsilon\n\n  1. one two three\n     four five six\n")
    }

    @Test func anEmptyItemStillShowsItsMarker() {
        #expect(render("<ul><li></li><li>x</li></ul>") == "  •\n  • x\n")
    }

    @Test func quotesNest() {
        #expect(render("<blockquote><p>Outer</p><blockquote><p>Inner</p></blockquote><p>Back</p></blockquote><p>After</p>")
            == "│ Outer\n│\n│ │ Inner\n│\n│ Back\n\nAfter\n")
    }

    @Test func quotedTextWrapsInsideTheBar() {
        #expect(render("<blockquote>one two three four</blockquote>", width: 16) == "│ one two three\n│ four\n")
    }

    @Test func preformattedTextIsKeptAndIndented() {
        #expect(render("<p>Code:</p><pre>let x  = 1\n\tif x {\n\n<b>}</b></pre><p>Done.</p>", width: 10)
            == "Code:\n\n    let x  = 1\n            if x {\n\n    }\n\nDone.\n")
    }

    @Test func linksAreFootnotedOncePerURL() {
        let html = #"""
            <p>See <a href="https://a.example/x">this</a> and <a href="https://b.example/">that one</a>, again \#
            <a href="https://a.example/x">here</a>. Visit <a href="https://c.example/">https://c.example/</a> or \#
            <a href="mailto:ada@example.com">ada@example.com</a> or <a href="mailto:bob@example.com">Bob</a>.</p>
            """#
        #expect(render(html) == """
            See this[1] and that one[2], again here[1]. Visit https://c.example/ or
            ada@example.com or Bob[3].

            Links
            ─────
            [1] https://a.example/x
            [2] https://b.example/
            [3] mailto:bob@example.com

            """)
    }

    @Test func onlyWebAndMailLinksAreFootnoted() {
        #expect(render(#"<p><a href="javascript:alert(1)">bad</a> <a href="file:///etc/passwd">file</a> <a href="/relative">rel</a></p>"#)
            == "bad file rel\n")
    }

    @Test func aLinkAroundAnImageMarksTheImage() {
        #expect(render(#"<p><a href="https://a.example/big.png"><img src="https://a.example/small.png" alt="Chart"></a> Text</p>"#)
            == "[Image: Chart][1]\nText\n\nLinks\n─────\n[1] https://a.example/big.png\n")
    }

    @Test func imagesUseTheirCaptionOrAlt() {
        let html = #"""
            <figure><img src="https://i.example/a.png" alt="Alt text"><figcaption>A <em>fine</em> caption</figcaption></figure>\#
            <p>Text <img src="https://i.example/b.png" alt="inline pic"> more.</p><p><img src="https://i.example/c.png"></p>\#
            <figure><pre>code</pre><figcaption>Listing 1</figcaption></figure>
            """#
        #expect(render(html) == "[Image: A fine caption]\n\nText\n[Image: inline pic]\nmore.\n\n[Image]\n\n    code\n\nListing 1\n")
    }

    @Test func tablesAreRowsOfCells() {
        let html = "<table><caption>Scores</caption><tr><th>Name</th><th>Score</th></tr><tr><td><p>Ada</p></td><td>10</td></tr></table><p>After</p>"
        #expect(render(html) == "Scores\nName │ Score\nAda │ 10\n\nAfter\n")
    }

    @Test func blocksInsideACellStayOnTheRow() {
        #expect(render("<table><tr><td><ul><li>a</li><li>b</li></ul></td><td><h3>H</h3>x<br>y</td></tr></table>") == "a b │ H x y\n")
    }

    @Test func aRuleSpansTheLine() {
        #expect(render("<p>a</p><hr><p>b</p>", width: 20) == "a\n\n" + String(repeating: "─", count: 20) + "\n\nb\n")
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        let html = "<p>safe\u{1B}]0;pwned\u{07}text \u{1B}[2J clear\u{9B}31m \u{202E}reversed\u{2066}iso\u{2069} \u{08}bs&#x1b;[1m</p>"
        #expect(render(html) == "safe]0;pwnedtext [2J clear31m reversediso bs[1m\n")
    }

    @Test func controlCharactersAreStrippedFromLinksTitlesAndAlt() {
        let html = "<p><a href=\"https://evil.example/\u{1B}[31m\u{202E}x\">link\u{1B}[0m</a>"
            + "<img src=\"https://evil.example/i.png\" alt=\"pic\u{1B}]2;title\u{07}\u{2067}\"></p><pre>a\u{1B}[1Ab\r\nc\u{9B}d</pre>"
        let output = ReadingRenderer.terminalText(html: html, title: "Title\u{1B}]0;x\u{07}\u{202D}", byline: "By\u{85} Ada\u{2069}")
        #expect(output == """
            Title]0;x
            ═════════
            By Ada

            link[0m[1]
            [Image: pic]2;title]

                a[1Ab
                cd

            Links
            ─────
            [1] https://evil.example/[31mx

            """)
        for scalar in output.unicodeScalars where scalar != "\n" {
            #expect(!TerminalSafety.isForbidden(scalar), "U+\(String(scalar.value, radix: 16)) in the output")
        }
    }

    @Test(arguments: ["", "<p>x</p>", "<pre>x\n\n\n</pre>", "<ul><li>a</li></ul>", "<p>a<br><br></p>", "<blockquote>q</blockquote>", "<p><a href='https://x.example/'>x</a></p>"])
    func outputEndsWithOneNewline(_ html: String) {
        let output = render(html)
        #expect(output.hasSuffix("\n"))
        #expect(!output.hasSuffix("\n\n"))
        #expect(!output.hasPrefix("\n") || output == "\n")
    }

    @Test func deepNestingIsBoundedInWidth() {
        let quotes = String(repeating: "<blockquote>q", count: 3000)
        let lists = String(repeating: "<ul><li>x", count: 3000)
        for html in [quotes, lists] {
            let output = render(html)
            #expect(output.hasSuffix("\n"))
            let lines = output.split(separator: "\n")
            #expect(!lines.isEmpty && lines.count <= 1100)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= 40 })
        }
    }

    @Test func deeplyNestedEmphasisWritesFewMarks() {
        let output = render(String(repeating: "<b><i>word ", count: 2000))
        #expect(output.hasPrefix("*_word *_word *_word *_word word word"))
        #expect(output.hasSuffix("word word_*_*_*_*\n"))
        #expect(output.count { $0 == "*" } == 8)
        #expect(output.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test func hugeInputsFinish() {
        let paragraphs = String(repeating: "<p>" + String(repeating: "word ", count: 40) + "<em>end</em></p>", count: 5000)
        let output = render(paragraphs)
        #expect(output.split(separator: "\n").count == 5000 * 3)
        let word = render("<p>" + String(repeating: "a", count: 200_000) + "</p>")
        #expect(word.split(separator: "\n").count == 2500)
    }
}
