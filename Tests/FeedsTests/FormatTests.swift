import Foundation
import Testing
@testable import SatchelFeeds

func parse(_ text: String, url: String? = "https://example.com/feed.xml", contentType: String? = nil) throws -> Feed {
    try FeedParser.parse(Array(text.utf8), url: url, contentType: contentType)
}

func date(_ text: String) -> Date {
    FeedDate.parse(text)!
}

/// The four formats, each as its specification writes it.
@Suite struct FormatTests {
    @Test func atom10() throws {
        let feed = try parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Example Feed</title>
              <link href="http://example.org/"/>
              <link rel="self" href="http://example.org/feed.atom"/>
              <updated>2003-12-13T18:30:02Z</updated>
              <author><name>John Doe</name></author>
              <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
              <entry>
                <title>Atom-Powered Robots Run Amok</title>
                <link href="http://example.org/2003/12/13/atom03"/>
                <link rel="edit" href="http://example.org/edit/1"/>
                <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
                <updated>2003-12-13T18:30:02Z</updated>
                <published>2003-12-13T08:29:29-04:00</published>
                <summary>Some text.</summary>
                <content type="html">&lt;p&gt;Some &lt;b&gt;bold&lt;/b&gt; text.&lt;/p&gt;</content>
              </entry>
            </feed>
            """)
        #expect(feed.format == .atom)
        #expect(feed.title == "Example Feed")
        #expect(feed.siteURL == "http://example.org/")
        #expect(feed.selfURL == "http://example.org/feed.atom")
        #expect(feed.entries.count == 1)
        let entry = feed.entries[0]
        #expect(entry.id == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a")
        #expect(entry.title == "Atom-Powered Robots Run Amok")
        #expect(entry.url == "http://example.org/2003/12/13/atom03")
        #expect(entry.author == "John Doe")
        #expect(entry.published == date("2003-12-13T12:29:29Z"))
        #expect(entry.updated == date("2003-12-13T18:30:02Z"))
        #expect(entry.summary == "Some text.")
        #expect(entry.contentHTML == "<p>Some <b>bold</b> text.</p>")
        #expect(feed.notes.recoveredErrors == 0)
    }

    @Test func rss20() throws {
        let feed = try parse("""
            <?xml version="1.0"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
                 xmlns:atom="http://www.w3.org/2005/Atom">
              <channel>
                <title>Liftoff News</title>
                <link>http://liftoff.msfc.nasa.gov/</link>
                <atom:link href="http://liftoff.msfc.nasa.gov/rss.xml" rel="self" type="application/rss+xml"/>
                <description>Liftoff to Space Exploration.</description>
                <item>
                  <title>Star City</title>
                  <link>http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp</link>
                  <description>How do Americans get ready to work with Russians aboard the International Space Station?</description>
                  <content:encoded><![CDATA[<p>Full <em>story</em>.</p>]]></content:encoded>
                  <pubDate>Tue, 03 Jun 2003 09:39:21 GMT</pubDate>
                  <dc:creator>Jane Roe</dc:creator>
                  <guid>http://liftoff.msfc.nasa.gov/2003/06/03.html#item573</guid>
                </item>
                <item>
                  <description>An item with no title and no link, only a permalink guid.</description>
                  <guid isPermaLink="true">http://liftoff.msfc.nasa.gov/2003/05/30.html#item572</guid>
                </item>
                <item>
                  <title>Not a permalink</title>
                  <guid isPermaLink="false">item-571</guid>
                </item>
              </channel>
            </rss>
            """)
        #expect(feed.format == .rss)
        #expect(feed.title == "Liftoff News")
        #expect(feed.siteURL == "http://liftoff.msfc.nasa.gov/")
        #expect(feed.selfURL == "http://liftoff.msfc.nasa.gov/rss.xml")
        #expect(feed.entries.count == 3)
        let first = feed.entries[0]
        #expect(first.title == "Star City")
        #expect(first.url == "http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp")
        #expect(first.id == "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573")
        #expect(first.published == date("2003-06-03T09:39:21Z"))
        #expect(first.author == "Jane Roe")
        #expect(first.contentHTML == "<p>Full <em>story</em>.</p>")
        #expect(first.summary?.hasPrefix("How do Americans") == true)
        #expect(feed.entries[1].url == "http://liftoff.msfc.nasa.gov/2003/05/30.html#item572")
        #expect(feed.entries[1].title == nil)
        #expect(feed.entries[2].url == nil)
        #expect(feed.entries[2].id == "item-571")
    }

    @Test func rss10() throws {
        let feed = try parse("""
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="http://www.xml.com/xml/news.rss">
                <title>XML.com</title>
                <link>http://xml.com/pub</link>
                <items><rdf:Seq><rdf:li resource="http://xml.com/pub/2000/08/09/xslt/xslt.html"/></rdf:Seq></items>
              </channel>
              <item rdf:about="http://xml.com/pub/2000/08/09/xslt/xslt.html">
                <title>Processing Inclusions with XSLT</title>
                <link>http://xml.com/pub/2000/08/09/xslt/xslt.html</link>
                <description>Processing document inclusions with general XML tools can be problematic.</description>
                <dc:date>2000-08-09T12:00:00+02:00</dc:date>
                <dc:creator>Bob DuCharme</dc:creator>
              </item>
              <item rdf:about="http://xml.com/pub/2000/08/09/rdfdb/index.html">
                <title>Putting RDF to Work</title>
              </item>
            </rdf:RDF>
            """)
        #expect(feed.format == .rdf)
        #expect(feed.title == "XML.com")
        #expect(feed.siteURL == "http://xml.com/pub")
        #expect(feed.entries.count == 2)
        #expect(feed.entries[0].id == "http://xml.com/pub/2000/08/09/xslt/xslt.html")
        #expect(feed.entries[0].published == date("2000-08-09T10:00:00Z"))
        #expect(feed.entries[0].author == "Bob DuCharme")
        // No <link>: rdf:about is the address.
        #expect(feed.entries[1].url == "http://xml.com/pub/2000/08/09/rdfdb/index.html")
    }

    @Test func jsonFeed11() throws {
        let feed = try parse("""
            {
              "version": "https://jsonfeed.org/version/1.1",
              "title": "My Example Feed",
              "home_page_url": "https://example.org/",
              "feed_url": "https://example.org/feed.json",
              "authors": [{"name": "Ann"}],
              "items": [
                {"id": "2", "content_text": "This is a second item.", "url": "https://example.org/second-item",
                 "date_published": "2026-12-07T10:00:00+01:00"},
                {"id": 1, "content_html": "<p>Hello, world!</p>", "url": "/initial-post", "title": "Hello",
                 "authors": [{"name": "Bo"}]},
                "not an object"
              ]
            }
            """, url: "https://example.org/feed.json")
        #expect(feed.format == .json)
        #expect(feed.title == "My Example Feed")
        #expect(feed.siteURL == "https://example.org/")
        #expect(feed.selfURL == "https://example.org/feed.json")
        #expect(feed.entries.count == 2)
        #expect(feed.entries[0].id == "2")
        #expect(feed.entries[0].summary == "This is a second item.")
        #expect(feed.entries[0].author == "Ann")
        #expect(feed.entries[0].published == date("2026-12-07T09:00:00Z"))
        #expect(feed.entries[1].id == "1")
        #expect(feed.entries[1].url == "https://example.org/initial-post")
        #expect(feed.entries[1].author == "Bo")
        #expect(feed.entries[1].summary == "Hello, world!")
    }

    @Test func jsonFeed10Author() throws {
        let feed = try parse("""
            {"version": "https://jsonfeed.org/version/1", "title": "Old", "author": {"name": "Cy"},
             "items": [{"id": "a", "external_url": "https://elsewhere.example/a", "content_text": "x"}]}
            """)
        #expect(feed.entries.first?.author == "Cy")
        #expect(feed.entries.first?.url == "https://elsewhere.example/a")
    }

    @Test func atom03() throws {
        let feed = try parse("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
              <title mode="escaped">Old &amp;lt;Atom&amp;gt;</title>
              <link rel="alternate" type="text/html" href="http://old.example/"/>
              <entry>
                <title>Entry</title>
                <link rel="alternate" type="text/html" href="http://old.example/1"/>
                <id>tag:old.example,2004:1</id>
                <issued>2004-01-01T00:00:00Z</issued>
                <modified>2004-01-02T00:00:00Z</modified>
              </entry>
            </feed>
            """)
        #expect(feed.format == .atom)
        #expect(feed.title == "Old <Atom>")
        #expect(feed.entries[0].published == date("2004-01-01T00:00:00Z"))
        #expect(feed.entries[0].updated == date("2004-01-02T00:00:00Z"))
    }

    @Test func notFeeds() {
        #expect(throws: FeedError.htmlPage) { try parse("<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>") }
        #expect(throws: FeedError.empty) { try parse("  \n ") }
        #expect(throws: FeedError.notAFeed("svg")) { try parse("<svg xmlns='http://www.w3.org/2000/svg'/>") }
        #expect(throws: FeedError.notAFeed("JSON without a JSON Feed version")) { try parse("{\"a\": 1}") }
        #expect(throws: FeedError.tooLarge(20)) {
            try FeedParser.parse(Array(repeating: 0x20, count: 20), url: nil, limits: FeedLimits(maxBytes: 10))
        }
    }

    @Test func latestEntriesByDate() throws {
        let feed = try parse("""
            <rss><channel>
              <item><title>old</title><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item>
              <item><title>new</title><pubDate>Wed, 03 Jan 2024 00:00:00 GMT</pubDate></item>
              <item><title>middle</title><pubDate>Tue, 02 Jan 2024 00:00:00 GMT</pubDate></item>
            </channel></rss>
            """)
        #expect(feed.latest(2).map(\.title) == ["new", "middle"])
        #expect(feed.latest(0).isEmpty)
    }
}
