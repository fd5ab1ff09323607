import Foundation
import SatchelTestSupport
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

    @Test func quadraticBlowupIsRefused() async throws {
        let feed = try await offPool {
            let big = String(repeating: "A", count: 50_000)
            let references = String(repeating: "&a;", count: 50_000)
            return try parse("<!DOCTYPE rss [<!ENTITY a \"\(big)\">]><rss><channel><title>\(references)</title></channel></rss>")
        }
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

    @Test func hugeFeedIsBounded() async throws {
        // About 12 MB, 60,000 items: 1,000 read, the rest skipped without building them.
        let (size, feed, elements, refusal) = try await offPool { () throws -> (Int, Feed, Int, FeedError?) in
            var bytes = Array("<rss><channel><title>Huge</title>".utf8)
            bytes.reserveCapacity(13_000_000)
            let words = Array(String(repeating: "word ", count: 30).utf8)
            for index in 0..<60_000 {
                bytes += Array("<item><title>Item \(index)</title><link>https://huge.example/\(index)</link><description>".utf8)
                bytes += words
                bytes += Array("</description></item>\n".utf8)
            }
            bytes += Array("</channel></rss>".utf8)
            let feed = try FeedParser.parse(bytes, url: nil)
            let elements = TolerantXMLParser.parse(bytes, documentURL: nil).elements.count
            var refusal: FeedError?
            let small = FeedLimits(maxBytes: 8 << 20)
            if case .failure(let error) = Result(catching: { () throws(FeedError) in try FeedParser.parse(bytes, url: nil, limits: small) }) {
                refusal = error
            }
            return (bytes.count, feed, elements, refusal)
        }
        #expect(size > 10_000_000)
        #expect(feed.entries.count == 1_000)
        #expect(feed.notes.skippedEntries == 59_000)
        #expect(feed.entries.last?.title == "Item 999")
        #expect(elements < 5_000)
        #expect(refusal == .tooLarge(size))
    }

    @Test func manyElementsOutsideEntriesAreCut() async throws {
        let feed = try await offPool {
            let text = "<rss><channel>" + String(repeating: "<x/>", count: 200_000) + "<item><title>late</title></item></channel></rss>"
            return try FeedParser.parse(Array(text.utf8), url: nil, limits: FeedLimits(maxElements: 100_000))
        }
        #expect(feed.notes.truncated)
        #expect(feed.entries.isEmpty)
    }

    @Test func deepNestingIsBounded() async throws {
        let (elements, feed) = try await offPool {
            let text = "<rss><channel><item><title>deep</title>" + String(repeating: "<a>", count: 100_000) + "x"
                + String(repeating: "</a>", count: 100_000) + "</item></channel></rss>"
            return (TolerantXMLParser.parse(Array(text.utf8), documentURL: nil).elements.count, try FeedParser.parse(Array(text.utf8), url: nil))
        }
        #expect(elements < 200)
        #expect(feed.entries.first?.title == "deep")
    }

    @Test func hugeTextAndAttributes() async throws {
        let feed = try await offPool {
            let long = String(repeating: "x", count: 3_000_000)
            let text = "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>\(long)</title><id>\(long)</id>"
                + "<link href='https://l.example/\(long)'/><content type='html'>\(long)</content></entry></feed>"
            return try FeedParser.parse(Array(text.utf8), url: nil)
        }
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

    @Test func deepJSONIsRefusedNotCrashed() async throws {
        let refused = try await offPool {
            let text = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":" + String(repeating: "[", count: 100_000)
            return (try? parse(text)) == nil
        }
        #expect(refused)
    }
}
