import Foundation
import SatchelExport
import SatchelImport
import SatchelShared
import Testing

@Suite("Writing exports, and reading them back")
struct ExportTests {
    static let saved = Date(timeIntervalSince1970: 1_700_000_000)

    static func articles() -> [SavedArticle] {
        [
            SavedArticle(
                id: UUID(), url: "https://example.com/a?x=1&y=2", title: "Fish & <Chips>, \"quoted\"", siteName: "Example",
                excerpt: "An excerpt.", tags: ["food", "café"], note: "A note,\nwith a line", favorite: true,
                readingProgress: 0.4, savedAt: saved, updatedAt: saved, byline: "Ada"),
            SavedArticle(
                id: UUID(), url: "https://example.com/b", title: "=HYPERLINK(\"http://evil\")", archived: true,
                savedAt: saved.addingTimeInterval(60), updatedAt: saved),
        ]
    }

    @Test("a formula is disarmed and quotes doubled in CSV; Pocket's CSV reads back")
    func csv() throws {
        let csv = ArticleExport.pocketCSV(Self.articles())
        #expect(csv.contains(#""'=HYPERLINK(""http://evil"")""#))
        #expect(csv.contains(#""Fish & <Chips>, ""quoted""""#))
        let back = try ImportReader.read(Data(csv.utf8))
        #expect(back.format == .pocketCSV)
        #expect(back.items.map(\.url) == Self.articles().map(\.url))
        #expect(back.items[0].tags == ["food", "café"] && back.items[0].title == "Fish & <Chips>, \"quoted\"")
        #expect(back.items[1].archived && back.items[1].savedAt == Self.saved.addingTimeInterval(60))
    }

    @Test("bookmarks HTML escapes every value and reads back with labels and dates")
    func netscape() throws {
        let html = ArticleExport.netscape(Self.articles())
        #expect(html.contains("Fish &amp; &lt;Chips&gt;, &quot;quoted&quot;"))
        #expect(html.contains(#"HREF="https://example.com/a?x=1&amp;y=2""#))
        let back = try ImportReader.read(Data(html.utf8))
        #expect(back.format == .bookmarksHTML)
        #expect(back.items.map(\.url) == Self.articles().map(\.url))
        #expect(back.items[0].title == "Fish & <Chips>, \"quoted\"" && back.items[0].tags == ["food", "café"])
        #expect(back.items[0].savedAt == Self.saved)
    }

    @Test("JSON keeps every field and reads back whole")
    func json() throws {
        let articles = Self.articles()
        let data = try ArticleExport.json(articles, exportedAt: Self.saved)
        let back = try ImportReader.read(data)
        #expect(back.format == .satchelJSON)
        #expect(back.items.compactMap(\.record) == articles)
    }

    @Test("Markdown: front matter with escaped strings, a file name from the date and title")
    func markdown() {
        let (name, text) = ArticleExport.markdown(Self.articles()[0])
        #expect(name.hasPrefix("2023-11-14-fish-chips-quoted-") && name.hasSuffix(".md"))
        #expect(text.hasPrefix("---\ntitle: \"Fish & <Chips>, \\\"quoted\\\"\"\nurl: \"https://example.com/a?x=1&y=2\"\n"))
        #expect(text.contains("tags: [\"food\", \"café\"]") && text.contains("favorite: true") && text.contains("progress: 0.4"))
        #expect(text.contains("## Note\n\nA note,\nwith a line\n"))
    }
}
