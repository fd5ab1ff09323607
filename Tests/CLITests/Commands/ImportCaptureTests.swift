import Foundation
import SatchelArchive
import SatchelCLI
import SatchelLoopback
import SatchelTestSupport
import Testing

/// What happens after an import: the readable copies an export brought become the captures, and the
/// rest is captured politely.
@Suite("import, then capture")
struct ImportCaptureTests {
    static let omnivoreSentence = "Omnivore kept this readable copy of the harbour story long after the site changed"

    @Test("Omnivore and wallabag: their readable copies are the captures (the pages are not fetched); highlights and annotations are notes")
    func providedCopies() async throws {
        try await CaptureCommandTests.withMachine { site, a, _, root in
            let copy = "<article><h1>The Quiet Harbour</h1>" + (0..<6).map { "<p>\(Self.omnivoreSentence), part \($0).</p>" }.joined()
                + "</article>"
            let metadata = """
                [{"id": "1", "slug": "harbour", "title": "The Quiet Harbour", "url": "\(site.url("/harbour"))", "state": "SUCCEEDED",
                  "readingProgress": 50, "labels": ["sea"], "savedAt": "2024-01-02T03:04:05.000Z"},
                 {"id": "2", "slug": "other", "title": "Another Story", "url": "\(site.url("/other"))", "state": "ARCHIVED",
                  "labels": [], "savedAt": "2024-01-03T03:04:05.000Z"}]
                """
            let zip = root.appendingPathComponent("omnivore.zip").path
            let writer = try ZipWriter(path: zip)
            try writer.add("metadata_0_to_2.json", bytes: Array(metadata.utf8))
            try writer.add("content/harbour.html", bytes: Array(copy.utf8))
            try writer.add("highlights/harbour.md", bytes: Array("> the harbour story\n\nRead again in spring.".utf8))
            try writer.finish()

            let imported = try await a.ok(["import", zip])
            #expect(imported.hasPrefix("Imported from omnivore: 2 added, 0 already there, 0 merged, 0 refused."), "\(imported)")
            let captured = try await a.ok(["capture", "--failed"])
            #expect(captured.contains("The Quiet Harbour") && captured.contains("Another Story"), "\(captured)")
            let paths = site.site.requests.map(\.path)
            #expect(!paths.contains("/harbour"), "the page Omnivore kept is not fetched: \(paths)")
            #expect(paths.contains("/other"), "the page without a copy is")

            let listed = try #require(try await a.json(["list", "--all"]) as? [[String: Any]])
            let harbour = try #require(listed.first { $0["title"] as? String == "The Quiet Harbour" })
            #expect(harbour["captureStatus"] as? String == "captured" && harbour["readingProgress"] as? Double == 0.5)
            #expect((harbour["note"] as? String)?.contains("Read again in spring.") == true)
            let id = try #require(harbour["id"] as? String)
            let text = try await a.ok(["read", id]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains(Self.omnivoreSentence), "\(text.prefix(300))")
            #expect(!text.contains(CaptureSite.sentence), "Omnivore's copy, not today's page")
            #expect(listed.first { $0["title"] as? String == "Another Story" }?["archived"] as? Bool == true)

            let wallabag = root.appendingPathComponent("wallabag.json")
            try """
                [{"url": "\(site.url("/latin1"))", "title": "Kept by wallabag", "is_archived": 0, "is_starred": 1,
                  "content": "\(copy.replacingOccurrences(of: "\"", with: "\\\""))", "created_at": "2016-04-07T10:12:31+0200",
                  "annotations": [{"quote": "harbour story", "text": "a margin note"}]}]
                """.write(to: wallabag, atomically: true, encoding: .utf8)
            let fromWallabag = try await a.ok(["import", wallabag.path])
            #expect(fromWallabag.hasPrefix("Imported from wallabag-json: 1 added"), "\(fromWallabag)")
            _ = try await a.ok(["capture", "--failed"])
            #expect(!site.site.requests.map(\.path).contains("/latin1"))
            let kept = try #require((try await a.json(["list"]) as? [[String: Any]])?.first { $0["title"] as? String == "Kept by wallabag" })
            #expect(kept["favorite"] as? Bool == true && kept["captureStatus"] as? String == "captured")
            #expect((kept["note"] as? String) == "> harbour story\na margin note")
        }
    }

    @Test("capture --failed after an import asks each host at most once a second, pages and images alike")
    func politePerHost() async throws {
        try await CaptureCommandTests.withMachine { site, a, _, root in
            let list = root.appendingPathComponent("urls.txt")
            try [site.url("/harbour"), site.url("/other"), site.url("/latin1")].joined(separator: "\n")
                .write(to: list, atomically: true, encoding: .utf8)
            _ = try await a.ok(["import", list.path])
            let captured = try await a.ok(["capture", "--failed"])
            #expect(captured.components(separatedBy: "kept for reading offline").count == 4, "\(captured)")
            for server in [site.site, site.images] {
                let times = server.requests.map(\.receivedAt)
                #expect(times.count >= 2, "\(server.requestLines)")
                // The pacer spaces the starts of requests a second apart; the site sees their arrival, and under a
                // loaded machine an earlier request can arrive late, so the gap it sees may be a little shorter.
                // Without pacing the requests would arrive milliseconds apart.
                for (earlier, later) in zip(times, times.dropFirst()) {
                    #expect(later - earlier >= .milliseconds(750), "requests to one host \(later - earlier) apart: \(server.requestLines)")
                }
            }
        }
    }
}
