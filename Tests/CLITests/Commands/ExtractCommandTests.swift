import Foundation
import Testing

/// `satchel extract`: a saved page in, the article out, with no server.
@Suite("satchel extract")
struct ExtractCommandTests {
    static let page = """
        <!doctype html><html lang="en"><head><title>The Flood That Took the Bridge - Village News</title>
        <meta name="author" content="Ada Brook"><meta property="og:site_name" content="Village News"></head>
        <body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><article><h1>The Flood That Took the Bridge</h1>
        <p>The river had been rising for three days before anyone in the village thought to move the boats, and by then the water was at the church steps.</p>
        <p>Old Marta, who had seen two floods already, said that this one smelled different, colder, as if it had come down from the mountains in a hurry.</p>
        <p>In the morning the bridge was gone, but the school stood, and the children declared it the best holiday they had ever had. <a href="notes.html">Notes</a>.</p>
        <img src="img/bridge.jpg" alt="The bridge"><script>alert(1)</script></article></body></html>
        """

    @Test("prints the article as JSON with every key, links resolved against --url")
    func json() async throws {
        try await withTemporaryDirectory { root in
            let file = root.appendingPathComponent("page.html")
            try Self.page.write(to: file, atomically: true, encoding: .utf8)
            let cli = CLI(dataDirectory: root.path)
            let object = try await cli.json(["extract", file.path, "--url", "https://news.example/2024/flood.html"]) as? [String: Any]
            #expect(object?["title"] as? String == "The Flood That Took the Bridge")
            #expect(object?["byline"] as? String == "Ada Brook")
            #expect(object?["siteName"] as? String == "Village News")
            #expect(object?["lang"] as? String == "en")
            #expect(object?["readerable"] as? Bool == true)
            #expect((object?["wordCount"] as? Int ?? 0) > 60)
            let html = object?["html"] as? String ?? ""
            #expect(html.contains(#"href="https://news.example/2024/notes.html""#))
            #expect(!html.contains("<script"))
            let images = object?["images"] as? [[String: Any]]
            #expect(images?.first?["url"] as? String == "https://news.example/2024/img/bridge.jpg")
            for key in ["dir", "publishedTime", "excerpt", "text"] { #expect(object?.keys.contains(key) == true, "\(key)") }
        }
    }

    @Test("prints title, byline and text without --json")
    func text() async throws {
        try await withTemporaryDirectory { root in
            let file = root.appendingPathComponent("page.html")
            try Self.page.write(to: file, atomically: true, encoding: .utf8)
            let out = try await CLI(dataDirectory: root.path).ok(["extract", file.path])
            #expect(out.hasPrefix("The Flood That Took the Bridge\nAda Brook · Village News\n"))
            #expect(out.contains("Old Marta"))
            #expect(!out.contains("Sport"))
        }
    }

    @Test("a URL or a missing file is a one-line error")
    func errors() async throws {
        try await withTemporaryDirectory { root in
            let cli = CLI(dataDirectory: root.path)
            let url = await cli.run(["extract", "https://example.com/story"])
            #expect(url.status == 64)
            #expect(url.err.contains("fetcher"))
            let missing = await cli.run(["extract", root.appendingPathComponent("nope.html").path])
            #expect(missing.status == 66)
        }
    }
}
