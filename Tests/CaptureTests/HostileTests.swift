import Foundation
import Testing
@testable import SatchelCapture

/// Pages built to hurt: each must come back without a crash and with a bounded result. (No timing
/// assertions: the benchmark measures time.)
@Suite struct HostileTests {
    func extract(_ bytes: [UInt8]) -> Article {
        ArticleExtractor.extract(bytes: bytes, url: URL(string: "https://hostile.example/"))
    }

    @Test func hundredThousandLevelsOfNesting() {
        let html = String(repeating: "<div>", count: 100_000) + "deep text" + String(repeating: "</div>", count: 100_000)
        let bytes = Array(html.utf8)
        #expect(NestingGuard.cutOffset(bytes, maximumDepth: HTMLParser.maximumDepth) == 5 * HTMLParser.maximumDepth)
        let article = extract(bytes)
        #expect(article.html.utf8.count < 10_000)
    }

    @Test func nestedInlineElementsToo() {
        let html = String(repeating: "<b><i><span><a href=/x>", count: 30_000) + "x"
        let article = extract(Array(html.utf8))
        #expect(article.text.utf8.count < 10_000)
        // Each <a> reconstructs the formatting elements before it, one level deeper each time, which the
        // tag-counting guard cannot see: the tree builder stops at its own bound (it was quadratic: 2.1 s in
        // release for these 690 KB, 42 times the time of a tenth of them).
        let (document, stopped) = HTMLTreeParser.parseReportingDepth(Array(html.utf8))
        #expect(stopped)
        var deepest = 0
        for node in 0..<document.count {
            var depth = 0
            var parent = document.parents[node]
            while parent >= 0 { depth += 1; parent = document.parents[parent] }
            deepest = max(deepest, depth)
        }
        #expect(deepest <= HTMLTreeParser.maximumOpenElements + 1)
    }

    @Test func fiftyMegabytesOfDivs() {
        let bytes = Array(String(repeating: "<div>", count: 10_000_000).utf8)
        #expect(bytes.count == 50_000_000)
        let article = extract(bytes)
        #expect(article.text.isEmpty)
        #expect(article.wordCount == 0)
    }

    @Test func entityTricks() {
        let html = """
            <p>&lt;script&gt;alert(1)&lt;/script&gt; &#x3C;img src=x onerror=alert(1)&#x3E; &#0; &#xD800; &#x110000; &#99999999999999;
            &amp;lt;b&amp;gt; &ltscript &notit; &NotANamedEntity; &#x26;#x3C;script&#x26;#x3E;</p>
            """ + Pages.paragraphs
        let article = extract(Array(html.utf8))
        #expect(!article.html.lowercased().contains("<script"))
        #expect(!article.html.lowercased().contains("<img"))
        #expect(article.text.contains("<script>alert(1)</script>"))  // as text, escaped in the HTML
        #expect(article.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(article.text.contains("\u{FFFD}"))
    }

    @Test func invalidUTF8() {
        var bytes = Array("<html><head><meta charset=utf-8></head><body><p>".utf8)
        for index in 0..<20_000 { bytes.append(UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 7) | 0x80) }
        bytes += Array("</p>\(Pages.paragraphs)</body></html>".utf8)
        let article = extract(bytes)
        #expect(String(decoding: Array(article.html.utf8), as: UTF8.self) == article.html)
        #expect(article.text.contains("Old Marta"))
    }

    @Test func nulBytes() {
        var bytes = Array("<html><bo\0dy><p>be\0fore</p>".utf8)
        bytes += [0, 0, 0] + Array("<scr\0ipt>alert(1)</script><img src=\"/a\0.png\" on\0error=x>".utf8) + Array(Pages.paragraphs.utf8)
        let article = extract(bytes)
        #expect(!article.html.contains("\0"))
        #expect(!article.text.contains("\0"))
        #expect(!article.html.lowercased().contains("onerror"))
        #expect(article.text.contains("Old Marta"))
    }

    @Test func megabyteAttributes() {
        let huge = String(repeating: "A", count: 1 << 20)
        let html = #"<p title="\#(huge)" class="\#(huge)">Short.</p><img src="/\#(huge).png" alt="\#(huge)"><a href="/\#(huge)">link</a>"# + Pages.paragraphs
        let article = extract(Array(html.utf8))
        #expect(article.html.utf8.count < 20_000)
        #expect(article.text.contains("Old Marta"))
    }

    @Test func hundredThousandImages() {
        let images = (0..<100_000).map { "<img src=\"/i/\($0).jpg\" alt=\"\">" }.joined()
        let article = extract(Array(("<article>" + Pages.paragraphs + "<div>" + images + "</div></article>").utf8))
        #expect(article.images.count <= ArticleExtractor.Options().maximumImages)
        #expect(article.text.contains("Old Marta"))
    }

    @Test func oneGiantTable() {
        var html = "<table>"
        for row in 0..<20_000 {
            html += "<tr><td>row \(row)</td><td>some words in a cell, with a comma</td><td><a href=\"/r/\(row)\">more</a></td></tr>"
        }
        html += "</table>"
        let article = extract(Array(html.utf8))
        #expect(article.wordCount > 0)
        #expect(article.html.utf8.count <= html.utf8.count * 2)
    }

    @Test func deeplyNestedJSONLD() {
        let arrays = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        let objects = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        let html = #"<html><head><script type="application/ld+json">\#(arrays)</script><script type="application/ld+json">\#(objects)</script></head><body>"#
            + Pages.paragraphs + "</body></html>"
        let article = extract(Array(html.utf8))
        #expect(article.byline == nil)
        #expect(article.text.contains("Old Marta"))
    }

    @Test func scriptBaseIsIgnored() {
        let html = #"<html><head><base href="javascript:alert(1)//"></head><body><a href="x">x</a>"# + Pages.paragraphs + "</body></html>"
        let article = extract(Array(html.utf8))
        #expect(article.html.contains(#"href="https://hostile.example/x""#))
    }

    @Test func unclosedEverything() {
        let html = String(repeating: "<table><tr><td><ul><li><p><select><option>", count: 5_000)
        let article = extract(Array(html.utf8))
        #expect(article.html.utf8.count < 1_000_000)
    }
}
