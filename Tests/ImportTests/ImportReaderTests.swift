import Foundation
import SatchelImport
import Testing

@Suite("Reading export files")
struct ImportReaderTests {
    static func read(_ text: String, _ format: ImportFormat? = nil) throws -> ImportDocument {
        try ImportReader.read(Data(text.utf8), format: format)
    }

    @Test("Pocket CSV: quotes and commas in titles, labels split on |, archive status, Unix times in UTC")
    func pocketCSV() throws {
        let csv = #"""
            title,url,time_added,tags,status
            "Hello, ""world""",https://example.com/a,1700000000,reading|Café,archive
            Plain title,https://example.com/b,,,unread
            No status,https://example.com/c,1700000001,,weird-status
            "=HYPERLINK(""http://evil.example"";""click"")",https://example.com/d,1700000002,,unread
            Bad,javascript:alert(1),1700000003,,unread
            Data,data:text/html;base64,PHNjcmlwdD4=,1700000004,,unread
            Short row,https://example.com/e
            """#
        let document = try Self.read(csv)
        #expect(document.format == .pocketCSV)
        #expect(document.items.map(\.url) == [
            "https://example.com/a", "https://example.com/b", "https://example.com/c", "https://example.com/d",
            "https://example.com/e",
        ])
        let first = document.items[0]
        #expect(first.title == "Hello, \"world\"" && first.tags == ["reading", "Café"] && first.archived)
        #expect(first.savedAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(ISO8601DateFormatter().string(from: first.savedAt!) == "2023-11-14T22:13:20Z")
        #expect(document.items[1].savedAt == nil && document.items[1].tags.isEmpty && !document.items[1].archived)
        #expect(!document.items[2].archived)
        // A formula stays the text it is.
        #expect(document.items[3].title == "=HYPERLINK(\"http://evil.example\";\"click\")")
        #expect(document.items[4].title == "Short row")
        #expect(document.refused.map(\.reason) == ["not a web address (javascript:)", "not a web address (data:)"])
        #expect(document.refused.map(\.place) == ["row 6", "row 7"])
    }

    @Test("Instapaper CSV: folders, Starred, Archive, the selection as the note")
    func instapaperCSV() throws {
        let csv = """
            URL,Title,Selection,Folder,Timestamp
            https://example.com/1,One,,Unread,1600000000
            https://example.com/2,Two,"A kept passage, with a comma",Starred,1600000001
            https://example.com/3,Three,,Archive,1600000002
            https://example.com/4,Four,,Recipes,1600000003
            """
        let document = try Self.read(csv)
        #expect(document.format == .instapaperCSV)
        #expect(document.items.map(\.favorite) == [false, true, false, false])
        #expect(document.items.map(\.archived) == [false, false, true, false])
        #expect(document.items[1].note == "A kept passage, with a comma")
        #expect(document.items[3].tags == ["Recipes"])
    }

    @Test("bookmarks HTML: folders become labels (not the browsers' roots), Firefox TAGS, ADD_DATE, entities")
    func bookmarks() throws {
        let html = #"""
            <!DOCTYPE NETSCAPE-Bookmark-file-1>
            <META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
            <TITLE>Bookmarks</TITLE><H1>Bookmarks Menu</H1>
            <DL><p>
              <DT><H3 ADD_DATE="1">Bookmarks Toolbar</H3>
              <DL><p>
                <DT><A HREF="https://example.com/x?a=1&amp;b=2" ADD_DATE="1500000000" TAGS="rust,systems">Fish &amp; Chips &#8212; a guide</A>
                <DT><H3>Research</H3>
                <DL><p>
                  <DT><A HREF="https://example.org/paper" ADD_DATE="1500000001">Paper</A>
                  <DT><A HREF="javascript:void(0)">Bookmarklet</A>
                </DL><p>
              </DL><p>
              <DT><A href='https://example.net/' add_date=1500000002>Unquoted</A>
            </DL>
            """#
        let document = try Self.read(html)
        #expect(document.format == .bookmarksHTML)
        #expect(document.items.map(\.url) == ["https://example.com/x?a=1&b=2", "https://example.org/paper", "https://example.net/"])
        #expect(document.items[0].title == "Fish & Chips — a guide")
        #expect(document.items[0].tags == ["rust", "systems"])
        #expect(document.items[1].tags == ["Research"])
        #expect(document.items[2].tags.isEmpty)
        #expect(document.items[0].savedAt == Date(timeIntervalSince1970: 1_500_000_000))
        #expect(document.refused.map(\.reason) == ["not a web address (javascript:)"])
    }

    @Test("Pocket's older HTML export: items under Read Archive are archived")
    func pocketHTML() throws {
        let html = """
            <!DOCTYPE html><html><head><title>Pocket Export</title></head><body>
            <h1>Unread</h1><ul><li><a href="https://example.com/u" time_added="1400000000" tags="a,b">Unread one</a></li></ul>
            <h1>Read Archive</h1><ul><li><a href="https://example.com/r" time_added="1400000001" tags="">Read one</a></li></ul>
            </body></html>
            """
        let document = try Self.read(html)
        #expect(document.items.map(\.archived) == [false, true])
        #expect(document.items[0].tags == ["a", "b"])
    }

    @Test("a list of addresses: comments and blank lines skipped, the rest refused with its line")
    func urlList() throws {
        let document = try Self.read("# my list\nhttps://example.com/1\n\n  http://example.com/2  \nftp://example.com/f\nnot a url\n")
        #expect(document.format == .urlList)
        #expect(document.items.map(\.url) == ["https://example.com/1", "http://example.com/2"])
        #expect(document.refused.map(\.place) == ["line 5", "line 6"])
    }

    @Test("hostile files: not UTF-8, an unclosed quote, a missing column, deep nesting, huge times")
    func hostile() throws {
        #expect(throws: ImportError.notUTF8) { try ImportReader.read(Data([0x74, 0x69, 0xFF, 0xFE, 0x0A])) }
        #expect(throws: ImportError.self) { try Self.read("title,url,time_added\n\"never closed,https://x.com,1\n", .pocketCSV) }
        #expect(throws: ImportError.missingColumns(["url"])) { try Self.read("title,link\nA,https://x.com\n", .pocketCSV) }
        let deep = String(repeating: "<DL><DT><H3>f</H3>", count: 100_000) + "<DT><A HREF=\"https://deep.example/\">Deep</A>"
        let document = try Self.read(deep, .bookmarksHTML)
        #expect(document.items.count == 1 && document.items[0].tags.count == 8)
        let times = try Self.read("title,url,time_added\nA,https://x.com/a,1e400\nB,https://x.com/b,-5\nC,https://x.com/c,99999999999999\n")
        #expect(times.items.allSatisfy { $0.savedAt == nil })
    }
}
