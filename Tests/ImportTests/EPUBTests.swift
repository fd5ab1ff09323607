import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SatchelArchive
import SatchelCapture
import SatchelExport
import SatchelShared
import Testing

@Suite("EPUB and XHTML")
struct EPUBTests {
    /// Whether `text` is well-formed XML (a fragment is wrapped in one element first).
    static func isWellFormed(_ text: String, fragment: Bool = false) -> Bool {
        let document = fragment ? "<div xmlns=\"http://www.w3.org/1999/xhtml\">\(text)</div>" : text
        return XMLParser(data: Data(document.utf8)).parse()
    }

    @Test("sanitized HTML becomes well-formed XHTML with repaired content models")
    func fragment() {
        let html = """
            <p>a&nbsp;b &copy; &lt;x&gt; ]]&gt; <br>c<img src="https://i.example/1.png" alt="one"><img src="https://i.example/2.png"></p>
            <b><p>bold paragraph</p></b><ul><p>stray</p><li>item</li>text</ul><dl><dd>orphan</dd></dl>
            <figure><p>x</p><figcaption>middle</figcaption><p>y</p></figure><details><summary>s</summary>d</details>
            <table><tr><td colspan="0">cell</td></tr><caption>late</caption></table><time datetime="x">t</time>
            <a href="https://e.example/a b#c#d">link</a><a href="javascript:alert(1)">js</a><script>alert(1)</script>
            <p lang="not a tag" dir="sideways">\u{1}\u{7F}\u{85}\u{FFFE}text</p><pre>keep
              spaces</pre><h2><div>block in heading</div></h2><em><table><tr><td>table in em</td></tr></table></em>
            """
        let xhtml = XHTMLFragment.convert(html) { url in url.hasSuffix("1.png") ? "../images/1.png" : nil }
        #expect(Self.isWellFormed(xhtml, fragment: true), "\(xhtml)")
        #expect(xhtml.contains("<br/>") && xhtml.contains("<img src=\"../images/1.png\" alt=\"one\"/>"))
        #expect(!xhtml.contains("2.png") && !xhtml.contains("&nbsp;") && xhtml.contains("a\u{A0}b ©"))
        #expect(xhtml.contains("]]&gt;") && !xhtml.contains("<script") && !xhtml.contains("javascript:"))
        #expect(xhtml.contains("<ul><li><p>stray</p></li><li>item</li><li>text</li></ul>"), "\(xhtml)")
        #expect(!xhtml.contains("<b>") && xhtml.contains("<p>bold paragraph</p>"))
        #expect(!xhtml.contains("<dl>") && !xhtml.contains("<details") && !xhtml.contains("<time"))
        #expect(xhtml.contains("<table><caption>late</caption><tbody><tr><td>cell</td></tr></tbody></table>"), "\(xhtml)")
        #expect(xhtml.contains("<div>middle</div>") && xhtml.contains("href=\"https://e.example/a%20b#c%23d\""), "\(xhtml)")
        #expect(!xhtml.contains("lang=") && !xhtml.contains("sideways") && xhtml.contains("text</p>"), "\(xhtml)")
        #expect(!xhtml.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0xFFFE })
        #expect(xhtml.contains("<pre>keep\n  spaces</pre>") && xhtml.contains("<div><div>block in heading</div></div>"))
    }

    @Test("markup nested 100,000 deep is cut by the parser and flattened past 200 levels: well-formed XHTML")
    func deep() {
        let hostile = String(repeating: "<div><em>", count: 50_000) + "lost" + String(repeating: "</em></div>", count: 50_000)
        let cut = XHTMLFragment.convert(hostile) { _ in nil }
        #expect(Self.isWellFormed(cut, fragment: true))
        #expect(cut.components(separatedBy: "<div>").count <= 202)
        let deep = String(repeating: "<div><em>", count: 200) + "deepest words" + String(repeating: "</em></div>", count: 200)
        let flattened = XHTMLFragment.convert(deep) { _ in nil }
        #expect(Self.isWellFormed(flattened, fragment: true) && flattened.contains("deepest words"))
    }

    @Test("elements that may not nest are unwrapped; a table's parts are put in order, one head and one foot")
    func nesting() {
        let html = """
            <dfn>outer <dfn>inner</dfn></dfn><table><tfoot><tr><td>f1</td></tr></tfoot><tfoot><tr><td>f2</td></tr></tfoot>\
            <thead><tr><th><h1>head</h1></th></tr></thead><thead><tr><td>h2</td></tr></thead><tr><td>body</td></tr>\
            <caption>one<table><tr><td>inside</td></tr></table></caption><caption>two</caption></table>
            """
        let xhtml = XHTMLFragment.convert(HTMLSanitizer.sanitize(html, baseURL: nil)) { _ in nil }
        #expect(Self.isWellFormed(xhtml, fragment: true), "\(xhtml)")
        #expect(xhtml.contains("<dfn>outer inner</dfn>"), "\(xhtml)")
        #expect(xhtml.contains(
            "<table><caption>one<div>inside</div></caption><thead><tr><th><p>head</p></th></tr></thead><tbody><tr><td>f2</td></tr></tbody>"
                + "<tbody><tr><td>h2</td></tr></tbody><tbody><tr><td>body</td></tr></tbody><tfoot><tr><td>f1</td></tr></tfoot></table>"),
            "\(xhtml)")
    }

    @Test("hostile titles and notes, images and no copy: every file of the book is well-formed, mimetype first and stored")
    func hostileBook() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-epub-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = folder.appendingPathComponent("png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 1, count: 64)).write(to: png)
        let text = folder.appendingPathComponent("text")
        try Data("not an image".utf8).write(to: text)
        let pngFile = EPUBImageFile(path: png.path, digest: BlobDigest(sha256: Array(repeating: 1, count: 32)))
        let textFile = EPUBImageFile(path: text.path, digest: BlobDigest(sha256: Array(repeating: 2, count: 32)))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let titles = ["a < b & c ]]> \"d\"\u{1}\u{0B}", "שלום \u{202E}עולם\u{202C} مرحبا", String(repeating: "long ", count: 2000), "\u{7}\u{8}", ""]
        let articles = titles.enumerated().map { index, title in
            SavedArticle(
                id: UUID(), url: index == 3 ? "javascript:alert(1)" : "https://example.com/\(index)?a=1&b=<2>", title: title,
                siteName: "Site & <co>", note: "note \(index) ]]> <b>&amp;\u{0}\u{1B}[31m\n\nsecond", savedAt: now, updatedAt: now,
                byline: "\u{FFFF}By <me>")
        }
        let book = folder.appendingPathComponent("book.epub").path
        let summary = try await EPUBWriter.write(articles, to: book, options: EPUBOptions(title: "Mine <& ]]>", date: now)) { article in
            guard article.id == articles[0].id || article.id == articles[1].id else { return nil }
            return EPUBReadableCopy(
                html: "<p>Body <img src=\"https://i.example/a.png\"> <img src=\"https://i.example/t.png\"> <img src=\"https://i.example/none.png\"></p>",
                byline: "Ada <Lovelace>", lang: "he", dir: "rtl",
                images: ["https://i.example/a.png": pngFile, "https://i.example/t.png": textFile])
        }
        #expect(summary == EPUBSummary(chapters: 5, captured: 2, images: 1, imagesLeftOut: 4))
        let archive = try ZipReader(path: book)
        let first = try #require(archive.entries.first)
        #expect(first.name == "mimetype" && first.size == first.compressedSize)
        #expect(String(decoding: try archive.data(of: first), as: UTF8.self) == "application/epub+zip")
        for entry in archive.entries where [".xhtml", ".opf", ".ncx", ".svg", ".xml"].contains(where: entry.name.hasSuffix) {
            let content = String(decoding: try archive.data(of: entry), as: UTF8.self)
            #expect(Self.isWellFormed(content), "\(entry.name)")
            #expect(!content.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(entry.name)")
        }
        let opf = String(decoding: try archive.data(of: try #require(archive.entry(named: "OEBPS/content.opf"))), as: UTF8.self)
        #expect(opf.contains("<dc:title>Mine &lt;&amp; ]]&gt;</dc:title>") && opf.contains("<dc:language>he</dc:language>"))
        #expect(opf.contains("2027-01-15T08:00:00Z"))
        let chapter = String(decoding: try archive.data(of: try #require(archive.entry(named: "OEBPS/articles/article-00004.xhtml"))), as: UTF8.self)
        #expect(chapter.contains("<h1 dir=\"auto\">javascript:alert(1)</h1>") && !chapter.contains("href=\"javascript"))
        #expect(chapter.contains("Satchel has no readable copy"))
    }

    @Test("each chapter ends with its article's highlights and notes, escaped, in their colors; deleted ones and others' left out")
    func highlights() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-epub-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let articles = (0..<2).map { index in
            SavedArticle(id: UUID(), url: "https://example.com/\(index)", title: "Article \(index)", savedAt: now, updatedAt: now)
        }
        let marks = [
            Highlight(
                id: UUID(), articleId: articles[0].id, exact: "a <script>alert(1)</script> ]]> passage\u{1}", color: "pink",
                note: "why <b>this</b>\u{0}\n\nsecond thought", createdAt: now, updatedAt: now),
            Highlight(id: UUID(), articleId: articles[0].id, exact: "a later one", color: "not-a-color", createdAt: now + 1, updatedAt: now),
            Highlight(id: UUID(), articleId: articles[0].id, exact: "deleted one", createdAt: now, updatedAt: now, deleted: true),
            Highlight(id: UUID(), articleId: UUID(), exact: "an article not in the book", createdAt: now, updatedAt: now),
        ]
        let book = folder.appendingPathComponent("book.epub").path
        _ = try await EPUBWriter.write(articles, to: book, highlights: marks) { _ in
            EPUBReadableCopy(html: "<p>Body with a passage.</p>")
        }
        let archive = try ZipReader(path: book)
        let first = String(decoding: try archive.data(of: try #require(archive.entry(named: "OEBPS/articles/article-00001.xhtml"))), as: UTF8.self)
        #expect(Self.isWellFormed(first))
        #expect(first.contains("<h2>Highlights</h2>"))
        #expect(first.contains("<blockquote class=\"highlight pink\">\n<p dir=\"auto\">a &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; passage</p>"))
        #expect(first.contains("<div class=\"highlight-note\">\n<p dir=\"auto\">why &lt;b&gt;this&lt;/b&gt;</p>\n<p dir=\"auto\">second thought</p>"))
        #expect(first.contains("<blockquote class=\"highlight yellow\">\n<p dir=\"auto\">a later one</p>"), "an unknown color reads as yellow")
        let order = try #require(first.range(of: "alert(1)")).lowerBound < (try #require(first.range(of: "a later one")).lowerBound)
        #expect(order, "in the order they were made")
        #expect(!first.contains("deleted one") && !first.contains("not in the book"))
        let second = String(decoding: try archive.data(of: try #require(archive.entry(named: "OEBPS/articles/article-00002.xhtml"))), as: UTF8.self)
        #expect(!second.contains("Highlights"), "no section without highlights")
    }

    @Test("link addresses become strict URIs; other schemes are not links")
    func links() {
        #expect(LinkAddress.uri("https://x.example/a b?q=é#f#g") == "https://x.example/a%20b?q=%C3%A9#f%23g")
        #expect(LinkAddress.uri("HTTP://x.example/%zz%41") == "http://x.example/%25zz%41")
        #expect(LinkAddress.uri("http://[::1]:8080/[x]") == "http://[::1]:8080/%5Bx%5D")
        #expect(LinkAddress.uri("mailto:a@b.example") == "mailto:a@b.example")
        #expect(LinkAddress.uri("https://例え.jp/パス") == nil && LinkAddress.uri("https://%E4%BE%8B.jp/") == nil)
        #expect(LinkAddress.uri("https://xn--r8jz45g.jp/%E3%83%91") == "https://xn--r8jz45g.jp/%E3%83%91")
        #expect(LinkAddress.uri("javascript:alert(1)") == nil && LinkAddress.uri("https:///x") == nil && LinkAddress.uri("data:x") == nil)
        #expect(XMLText.escaped("a\u{0}<\u{85}>\u{FFFE}'") == "a&lt;&gt;&#39;")
    }
}
