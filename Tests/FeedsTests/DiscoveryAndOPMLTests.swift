import Foundation
import SatchelTestSupport
import Testing
@testable import SatchelFeeds

@Suite struct DiscoveryTests {
    @Test func alternateLinks() {
        let page = """
            <!doctype html><html><head>
            <base href="https://blog.example/base/">
            <link rel="stylesheet" href="/style.css">
            <link rel="alternate" type="application/rss+xml" title="Comments Feed" href="/comments/feed/">
            <link rel="alternate" type="application/atom+xml" title="Posts (Atom)" href="feed.atom">
            <LINK REL="Alternate" TYPE="application/rss+xml; charset=utf-8" HREF="https://blog.example/rss.xml">
            <link rel="alternate" type="application/feed+json" href="/feed.json">
            <link rel="alternate" type="application/atom+xml" href="feed.atom">
            <link rel="alternate" type="text/html" href="/fr/">
            <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
            </head><body><a rel="alternate" type="application/rss+xml" href="/body.rss">feed</a></body></html>
            """
        let feeds = FeedDiscovery.feeds(inPage: Array(page.utf8), contentType: "text/html", pageURL: "https://blog.example/post/1")
        #expect(feeds.map(\.url) == [
            "https://blog.example/base/feed.atom", "https://blog.example/rss.xml", "https://blog.example/feed.json",
            "https://blog.example/body.rss", "https://blog.example/comments/feed/",
        ])
        #expect(feeds[0].type == "application/atom+xml")
        #expect(feeds[0].title == "Posts (Atom)")
    }

    @Test func noFeeds() {
        #expect(FeedDiscovery.feeds(inPage: Array("<p>hello".utf8), contentType: nil, pageURL: "https://x.example/").isEmpty)
    }
}

@Suite struct OPMLTests {
    @Test func readsNestedOutlines() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="2.0"><head><title>Mine</title></head><body>
              <outline text="Tech">
                <outline type="rss" text="A &amp; B" xmlUrl="https://a.example/feed" htmlUrl="https://a.example/"/>
                <outline text="Deeper"><outline text="C" xmlUrl="http://c.example/rss"/></outline>
              </outline>
              <outline text="dup" xmlUrl="https://a.example/feed"/>
              <outline text="evil" xmlUrl="javascript:alert(1)"/>
              <outline text="local" xmlUrl="file:///etc/passwd"/>
              <outline title="Titled" xmlURL="https://d.example/atom" htmlUrl="https://d.example/\(String(repeating: "x", count: 3_000))"/>
              <outline text="Too long" xmlUrl="https://e.example/\(String(repeating: "y", count: 3_000))"/>
            </body></opml>
            """
        let outlines = try OPML.read(Array(text.utf8))
        #expect(outlines == [
            OPMLOutline(feedURL: "https://a.example/feed", title: "A & B", siteURL: "https://a.example/", folders: ["Tech"]),
            OPMLOutline(feedURL: "http://c.example/rss", title: "C", folders: ["Tech", "Deeper"]),
            OPMLOutline(feedURL: "https://d.example/atom", title: "Titled"),
        ])
    }

    @Test func writesWhatItReads() throws {
        let outlines = [
            OPMLOutline(feedURL: "https://a.example/feed?x=1&y='2'", title: "<A> & \"B\"", siteURL: "https://a.example/"),
            OPMLOutline(feedURL: "https://b.example/rss"),
        ]
        let text = OPML.write(outlines, title: "Satchel & co")
        #expect(text.contains("&lt;A&gt; &amp; &quot;B&quot;"))
        let back = try OPML.read(Array(text.utf8))
        #expect(back.map(\.feedURL) == outlines.map(\.feedURL))
        #expect(back[0].title == "<A> & \"B\"")
        #expect(back[1].title == "https://b.example/rss")
    }

    @Test func hostileFilesAreRefusedWhole() {
        let bomb = "<!DOCTYPE opml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + "<opml><body><outline text=\"&b;\" xmlUrl=\"https://x.example/\"/></body></opml>"
        #expect(throws: OPMLError.entityDeclarations(2)) { try OPML.read(Array(bomb.utf8)) }
        let xxe = "<!DOCTYPE opml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><opml><body><outline text=\"&x;\"/></body></opml>"
        #expect(throws: OPMLError.entityDeclarations(1)) { try OPML.read(Array(xxe.utf8)) }
        #expect(throws: OPMLError.notOPML("rss")) { try OPML.read(Array("<rss/>".utf8)) }
        #expect(throws: OPMLError.notOPML("no root element")) { try OPML.read(Array("just text".utf8)) }
        #expect(throws: OPMLError.tooLarge(OPML.maxBytes + 1)) { try OPML.read([UInt8](repeating: 0x20, count: OPML.maxBytes + 1)) }
    }

    @Test func tooManyOutlinesAreRefused() async throws {
        let refusal = try await offPool { () -> OPMLError? in
            let many = "<opml><body>" + String(repeating: "<outline text=\"x\" xmlUrl=\"https://m.example/\"/>", count: OPML.maxOutlines + 1)
                + "</body></opml>"
            if case .failure(let error) = Result(catching: { () throws(OPMLError) in try OPML.read(Array(many.utf8)) }) { return error }
            return nil
        }
        #expect(refusal == .tooManyOutlines(OPML.maxOutlines))
    }
}
