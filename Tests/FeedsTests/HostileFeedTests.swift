import Foundation
import Testing
@testable import SatchelFeeds

/// Feeds written to hurt: entity bombs, external entities, huge and deep documents. Each parse must end
/// with a bounded result and nothing read from outside the bytes given. (No timing assertions: what is
/// bounded is the work, counted in elements built.)
@Suite struct HostileFeedTests {
    @Test func billionLaughsIsRefused() throws {
        var lol = "<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            lol += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        let feed = try parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [
            \(lol)]>
            <rss><channel><title>&lol9;</title><item><title>a &lol9; b</title><description>&lol5;</description></item></channel></rss>
            """)
        #expect(feed.notes.refusedEntityDeclarations == 10)
        #expect(feed.notes.refusedEntityReferences == 3)
        #expect(feed.title == nil)
        #expect(feed.entries.first?.title == "a b")
        #expect(feed.entries.first?.summary == nil)
    }

    @Test func quadraticBlowupIsRefused() throws {
        let big = String(repeating: "A", count: 50_000)
        let references = String(repeating: "&a;", count: 50_000)
        let feed = try parse("<!DOCTYPE rss [<!ENTITY a \"\(big)\">]><rss><channel><title>\(references)</title></channel></rss>")
        #expect(feed.notes.refusedEntityReferences == 50_000)
        #expect(feed.title == nil)
    }

    @Test func externalEntitiesAreNeverRead() throws {
        // A secret on disk and every way of naming it: a general entity, a parameter entity, an external DTD.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-feeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = directory.appendingPathComponent("secret.txt")
        try Data("TOP-SECRET-\(UUID().uuidString)".utf8).write(to: secret)
        let dtd = directory.appendingPathComponent("evil.dtd")
        try Data("<!ENTITY leak SYSTEM \"\(secret.absoluteString)\">".utf8).write(to: dtd)
        let feed = try parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "\(dtd.absoluteString)" [
              <!ENTITY xxe SYSTEM "\(secret.absoluteString)">
              <!ENTITY % remote SYSTEM "\(dtd.absoluteString)">
              %remote;
              <!ENTITY web SYSTEM "http://127.0.0.1:9/never">
            ]>
            <rss><channel><title>&xxe;</title>
            <item><title>x &xxe; &leak; &web;</title><description>&xxe;</description><link>https://x.example/&xxe;</link></item>
            </channel></rss>
            """)
        let everything = [feed.title, feed.entries.first?.title, feed.entries.first?.summary, feed.entries.first?.url,
                          feed.entries.first?.contentHTML].compactMap { $0 }.joined(separator: " ")
        #expect(!everything.contains("TOP-SECRET"))
        #expect(feed.notes.refusedEntityDeclarations == 3)
        #expect(feed.entries.first?.title == "x &leak;")
        #expect(feed.entries.first?.url == "https://x.example/")
    }

    @Test func hugeFeedIsBounded() throws {
        // About 12 MB, 60,000 items: 1,000 read, the rest skipped without building them.
        var text = "<rss><channel><title>Huge</title>"
        text.reserveCapacity(13_000_000)
        for index in 0..<60_000 {
            text += "<item><title>Item \(index)</title><link>https://huge.example/\(index)</link>"
            text += "<description>" + String(repeating: "word ", count: 30) + "</description></item>\n"
        }
        text += "</channel></rss>"
        let bytes = Array(text.utf8)
        #expect(bytes.count > 10_000_000)
        let feed = try FeedParser.parse(bytes, url: nil)
        #expect(feed.entries.count == 1_000)
        #expect(feed.notes.skippedEntries == 59_000)
        #expect(feed.entries.last?.title == "Item 999")
        let tree = TolerantXMLParser.parse(bytes, documentURL: nil)
        #expect(tree.elements.count < 5_000)
        #expect(throws: FeedError.tooLarge(bytes.count)) {
            try FeedParser.parse(bytes, url: nil, limits: FeedLimits(maxBytes: 8 << 20))
        }
    }

    @Test func manyElementsOutsideEntriesAreCut() throws {
        let text = "<rss><channel>" + String(repeating: "<x/>", count: 200_000) + "<item><title>late</title></item></channel></rss>"
        let feed = try FeedParser.parse(Array(text.utf8), url: nil, limits: FeedLimits(maxElements: 100_000))
        #expect(feed.notes.truncated)
        #expect(feed.entries.isEmpty)
    }

    @Test func deepNestingIsBounded() throws {
        let text = "<rss><channel><item><title>deep</title>" + String(repeating: "<a>", count: 100_000) + "x"
            + String(repeating: "</a>", count: 100_000) + "</item></channel></rss>"
        let tree = TolerantXMLParser.parse(Array(text.utf8), documentURL: nil)
        #expect(tree.elements.count < 200)
        let feed = try FeedParser.parse(Array(text.utf8), url: nil)
        #expect(feed.entries.first?.title == "deep")
    }

    @Test func hugeTextAndAttributes() throws {
        let long = String(repeating: "x", count: 3_000_000)
        let text = "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>\(long)</title><id>\(long)</id>"
            + "<link href='https://l.example/\(long)'/><content type='html'>\(long)</content></entry></feed>"
        let feed = try FeedParser.parse(Array(text.utf8), url: nil)
        let entry = try #require(feed.entries.first)
        #expect(entry.title!.count == 1_000)
        #expect(entry.id == nil)
        #expect(entry.contentHTML!.utf8.count == 2 << 20)
    }

    @Test func unterminatedConstructsEndTheDocument() throws {
        for tail in ["<!-- never closed", "<![CDATA[ never", "<!DOCTYPE x [ <!ENTITY a 'b'", "<?pi never", "<item attr=\"never"] {
            _ = try? parse("<rss><channel><title>t</title>" + tail)
        }
        let feed = try parse("<rss><channel><title>t</title><item><title>x</title></item><!-- never closed <item><title>y</title></item>")
        #expect(feed.entries.map(\.title) == ["x"])
    }

    @Test func deepJSONIsRefusedNotCrashed() {
        let text = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":" + String(repeating: "[", count: 100_000)
        #expect(throws: FeedError.self) { try parse(text) }
    }
}
