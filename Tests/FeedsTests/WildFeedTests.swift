import Foundation
import Testing
@testable import SatchelFeeds

/// Feeds as they are found in the wild: broken XML, lying encodings, HTML in titles, relative links.
@Suite struct WildFeedTests {
    // MARK: Malformed XML that feed readers still read

    @Test func bareAmpersandsAndHTMLEntities() throws {
        let feed = try parse("""
            <rss version="2.0"><channel><title>Tom & Jerry&nbsp;News &mdash; daily</title>
            <item><title>AT&T buys &copy; &unknown; things</title><link>http://x.example/?a=1&b=2</link></item>
            </channel></rss>
            """)
        #expect(feed.title == "Tom & Jerry News — daily")
        #expect(feed.entries[0].title == "AT&T buys © &unknown; things")
        #expect(feed.entries[0].url == "http://x.example/?a=1&b=2")
        #expect(feed.notes.recoveredErrors >= 2)
    }

    @Test func unclosedAndStrayTags() throws {
        let feed = try parse("""
            <rss version="2.0"><channel><title>Unclosed</title></div>
            <item><title>One</title><link>https://u.example/1</link>
            <item><title>Two</title><link>https://u.example/2</link></item>
            """)
        // A stray </div> is ignored; the first <item> is never closed, so the second opens inside it and only
        // the first is an item of the channel.
        #expect(feed.title == "Unclosed")
        #expect(feed.entries.first?.title == "One")
        #expect(feed.notes.recoveredErrors >= 2)
    }

    @Test func unescapedHTMLInsideDescription() throws {
        let feed = try parse("""
            <rss version="2.0"><channel><title>T</title>
            <item><title>Inline</title><description>Hello <b>bold</b> world<br> and <a href="/x">a link</a></description></item>
            </channel></rss>
            """)
        let entry = try #require(feed.entries.first)
        #expect(entry.summary == "Hello bold world and a link")
        #expect(entry.contentHTML?.contains("<b>bold</b>") == true)
        #expect(entry.contentHTML?.contains("<br>") == true)
    }

    @Test func undeclaredPrefixesAndOddCase() throws {
        let feed = try parse("""
            <RSS version="2.0"><Channel><Title>Case</Title>
            <Item><Title>Mixed</Title><PubDate>Mon, 07 Dec 2026 10:00:00 GMT</PubDate>
            <content:encoded><![CDATA[<p>full</p>]]></content:encoded><dc:creator>Di</dc:creator></Item>
            </Channel></RSS>
            """)
        let entry = try #require(feed.entries.first)
        #expect(entry.title == "Mixed")
        #expect(entry.contentHTML == "<p>full</p>")
        #expect(entry.author == "Di")
        #expect(entry.published == date("2026-12-07T10:00:00Z"))
    }

    @Test func truncatedDocumentAndUnterminatedCDATA() throws {
        let feed = try parse("""
            <?xml version="1.0"?><rss><channel><title>Cut</title>
            <item><title>Whole</title><link>https://c.example/1</link></item>
            <item><title>Half</title><description><![CDATA[<p>never ends
            """)
        #expect(feed.entries.map(\.title) == ["Whole", "Half"])
        #expect(feed.entries[1].summary == "never ends")
    }

    @Test func junkBeforeTheDeclarationAndUnquotedAttributes() throws {
        let feed = try parse("""
             \n<?xml version="1.0"?>
            <!-- generator: something -->
            <feed xmlns=http://www.w3.org/2005/Atom><title type=text>Junk</title>
            <entry><title>A</title><link href=https://j.example/a /><id>tag:j,1</id></entry></feed>
            garbage after the root < & >
            """)
        #expect(feed.title == "Junk")
        #expect(feed.entries.first?.url == "https://j.example/a")
    }

    @Test func bareLessThanInText() throws {
        let feed = try parse("<rss><channel><item><title>1 < 2 and 3 > 2</title></item></channel></rss>")
        #expect(feed.entries.first?.title == "1 < 2 and 3 > 2")
    }

    // MARK: Wrong and mixed encodings

    func latin1(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    }

    @Test func declaredLatin1() throws {
        let bytes = latin1("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Café Müller</title></channel></rss>")
        let feed = try FeedParser.parse(bytes, url: nil)
        #expect(feed.title == "Café Müller")
        #expect(feed.notes.encoding == "declaration")
    }

    @Test func latin1LabelledUTF8() throws {
        // The declaration says UTF-8; the bytes are windows-1252, curly quotes included.
        var bytes = latin1("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><channel><title>Caf\u{E9} ")
        bytes += [0x93, 0x71, 0x94]  // “q” in windows-1252
        bytes += Array("</title></channel></rss>".utf8)
        let feed = try FeedParser.parse(bytes, url: nil)
        #expect(feed.title == "Café “q”")
        #expect(feed.notes.encoding == "mixed")
    }

    @Test func utf8LabelledLatin1ByTheServer() throws {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss><channel><title>Ünïcödé ✓</title></channel></rss>".utf8)
        let feed = try FeedParser.parse(bytes, url: nil, contentType: "text/xml; charset=ISO-8859-1")
        #expect(feed.title == "Ünïcödé ✓")
        #expect(feed.notes.encoding == "utf8")
    }

    @Test func mixedEncodingsInOneFeed() throws {
        var bytes = Array("<rss><channel><item><title>UTF-8 é</title></item><item><title>latin-1 ".utf8)
        bytes += [0xE9, 0xE8]
        bytes += Array("</title></item></channel></rss>".utf8)
        let feed = try FeedParser.parse(bytes, url: nil)
        #expect(feed.entries.map(\.title) == ["UTF-8 é", "latin-1 éè"])
    }

    @Test func utf16WithAndWithoutByteOrderMark() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><title>Сәлем 日本</title></channel></rss>"
        var withMark: [UInt8] = [0xFF, 0xFE]
        var bare: [UInt8] = []
        for unit in text.utf16 {
            withMark += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bare += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        #expect(try FeedParser.parse(withMark, url: nil).title == "Сәлем 日本")
        #expect(try FeedParser.parse(bare, url: nil).title == "Сәлем 日本")
    }

    @Test func koi8r() throws {
        // "Привет" in KOI8-R.
        var bytes = Array("<?xml version='1.0' encoding='koi8-r'?><rss><channel><title>".utf8)
        bytes += [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4]
        bytes += Array("</title></channel></rss>".utf8)
        #expect(try FeedParser.parse(bytes, url: nil).title == "Привет")
    }

    @Test func controlCharactersAreDropped() throws {
        let feed = try parse("<rss><channel><title>a\u{01}b\u{08}c &#1; d</title></channel></rss>")
        #expect(feed.title == "abc \u{FFFD} d")
    }

    // MARK: HTML in titles

    @Test func htmlInTitles() throws {
        let feed = try parse("""
            <rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>&lt;b&gt;Bold&lt;/b&gt; &amp;amp; &lt;i&gt;news&lt;/i&gt;</title>
            <item><title><![CDATA[<em>Emphasis</em> &amp; <script>alert(1)</script>more]]></title></item>
            <item><title>Fish &amp;amp; chips &amp;#8212; &lt;br&gt;tonight</title></item>
            </channel></rss>
            """)
        #expect(feed.title == "Bold & news")
        #expect(feed.entries[0].title == "Emphasis & more")
        #expect(feed.entries[1].title == "Fish & chips — tonight")
    }

    @Test func atomTextConstructs() throws {
        let feed = try parse("""
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title type="text">Less &lt;than&gt; &amp; more</title>
              <entry><title type="html">&lt;strong&gt;Strong&lt;/strong&gt; title</title></entry>
              <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X<sup>2</sup> &amp; <em>Y</em></div></title></entry>
            </feed>
            """)
        #expect(feed.title == "Less <than> & more")
        #expect(feed.entries[0].title == "Strong title")
        #expect(feed.entries[1].title == "X2 & Y")
    }

    // MARK: Relative links and xml:base

    @Test func xmlBase() throws {
        let feed = try parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/blog/">
              <link href="./"/>
              <entry xml:base="2026/">
                <link href="first-post"/>
                <id>tag:base,1</id>
              </entry>
              <entry>
                <link xml:base="/other/" href="../elsewhere/x?y=1#z"/>
                <id>tag:base,2</id>
              </entry>
              <entry><link href="//cdn.example/p"/><id>3</id></entry>
              <entry><link href="javascript:alert(1)"/><id>4</id></entry>
            </feed>
            """, url: "https://feeds.example/atom")
        #expect(feed.siteURL == "https://base.example/blog/")
        #expect(feed.entries[0].url == "https://base.example/blog/2026/first-post")
        #expect(feed.entries[1].url == "https://base.example/elsewhere/x?y=1#z")
        #expect(feed.entries[2].url == "https://cdn.example/p")
        #expect(feed.entries[3].url == nil)
    }

    @Test func relativeLinksAgainstTheFeedsAddress() throws {
        let feed = try parse("""
            <rss><channel><link>/</link>
            <item><link>posts/1.html</link></item>
            <item><link> /posts/2.html </link></item>
            <item><guid>/posts/3.html</guid></item>
            </channel></rss>
            """, url: "https://rel.example/blog/feed.xml")
        #expect(feed.siteURL == "https://rel.example/")
        #expect(feed.entries.map(\.url) == [
            "https://rel.example/blog/posts/1.html", "https://rel.example/posts/2.html", "https://rel.example/posts/3.html",
        ])
    }

    // MARK: Identity

    @Test func identityKeys() {
        let feedURL = "https://id.example/feed"
        #expect(FeedEntry(id: "tag:id.example,2026:1", url: "https://id.example/a?utm_source=rss").identityKeys(feedURL: feedURL)
            == ["id:tag:id.example,2026:1", "url:https://id.example/a"])
        #expect(FeedEntry(id: "42").identityKeys(feedURL: feedURL) == ["id:https://id.example/feed#42"])
        #expect(FeedEntry(id: "HTTPS://ID.example/a/").identityKeys(feedURL: feedURL) == ["id:https://id.example/a"])
        #expect(FeedEntry(title: "t").identityKeys(feedURL: feedURL) == ["title:https://id.example/feed#t#"])
    }
}
