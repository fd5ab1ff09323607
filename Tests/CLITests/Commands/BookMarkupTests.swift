import Foundation
import SatchelCapture
import SatchelExport
import SatchelShared
import Testing

@Suite("EPUB of misnested markup")
struct BookMarkupTests {
    /// Markup that browsers forgive and the HTML5 schema does not, each kept by the sanitizer.
    static let snippets = [
        "<p><h2>h in p</h2><li>li in p</li><dd>dd</dd></p>",
        "<a href='https://e.example'><h1>heading in link</h1><div>div</div></a>",
        "<table><td>a</td><thead><tr><th><h1>h</h1></th></tr></thead><tfoot><tr><td>f</td></tr></tfoot><tfoot></tfoot><thead></thead>"
            + "<caption>c<table><tr><td>t</td></tr></table></caption><caption>c2</caption><colgroup span=2><col><col span=3></colgroup></table>",
        "<ul><ul><li>nested ul directly</li></ul></ul><ol><ol><li>x</li></ol></ol>",
        "<dl><dt>a</dt><dt>b</dt><dd>c</dd><dd>d</dd><dt>e</dt><dd>f</dd></dl><dl></dl><dl>text<dt>x</dt><dd>y</dd></dl>",
        "<figure><figcaption>a</figcaption><figcaption>b</figcaption><img src='https://e.example/x.png'></figure><figure></figure>",
        "<pre><h2>heading in pre</h2></pre><h1><h2>nested</h2></h1><q><blockquote>block in q</blockquote></q>",
        "<ruby>a<rt>b</rt></ruby><rt>stray rt</rt><rp>(</rp><details><summary><h2>h</h2></summary><details><summary>i</summary></details></details>",
        "<section><h1>s</h1><article><h2>a</h2></article></section><th>stray th</th><td>stray td</td><tr><td>stray tr</td></tr>",
        "<ol start=-5 type=i reversed><li value=-3>x</li></ol><ul><li value=3>y</li></ul>",
        "<table><tr><th scope=row><section>sec</section><article>art</article></th><td rowspan=0 colspan=1001>x</td></tr></table>",
        "<p lang=en-US dir=rtl title='t &amp; \"q\"'>x</p><p lang=x-klingon>y</p><p lang=zh-Hant-TW>w</p>",
        "<del><p>deleted para</p></del><ins><div>inserted</div></ins><dfn>a <dfn>b</dfn></dfn><mark><mark>m</mark></mark><wbr><hr>",
        "<blockquote cite='https://e.example/a b'><p>x</p></blockquote><a href='mailto:x@y.example?subject=a b'>mail</a>"
            + "<a href='https://e.example/%'>pct</a><a href='https://例え.jp/パス'>idn</a>",
        "<a href='https://e.example'><figure><img src='https://e.example/x.png'><figcaption>c</figcaption></figure></a>",
        "<li><ul><li>x</li></ul></li><caption>stray caption</caption><colgroup><col></colgroup><p><br><wbr></p>",
        "<h1></h1><p></p><ul></ul><ol></ol><table></table><b><ul><li>list in b</li></ul></b><i><table><tr><td>t</td></tr></table></i>",
        "<div><summary>stray summary</summary><figcaption>stray caption</figcaption><dt>stray dt</dt></div>\u{1}\u{85}\u{FFFE}",
    ]

    @Test("every snippet sanitized, then written as a chapter: epubcheck finds no error and no warning")
    func misnested() async throws {
        try await withTemporaryDirectory { root in
            let now = Date()
            let articles = Self.snippets.indices.map { number in
                SavedArticle(id: UUID(), url: "https://example.com/\(number)", title: "Snippet \(number)", savedAt: now, updatedAt: now)
            }
            let html = Dictionary(uniqueKeysWithValues: zip(articles.map(\.id), Self.snippets))
            let book = root.appendingPathComponent("markup.epub").path
            let summary = try await EPUBWriter.write(articles, to: book) { article in
                EPUBReadableCopy(html: HTMLSanitizer.sanitize(html[article.id] ?? "", baseURL: URL(string: "https://example.com/")))
            }
            #expect(summary.chapters == Self.snippets.count && summary.captured == Self.snippets.count)
            let report = try await EPUBCheck.check(book)
            #expect(report.status == 0 && report.problems.isEmpty, "\(report.output)")
        }
    }
}
