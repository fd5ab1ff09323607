import Foundation
import SatchelCLI
import SatchelTestSupport
import Testing

@Suite("follows import, export, list, unfollow")
struct FollowCommandTests {
    static let opml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0"><head><title>From another reader</title></head><body>
          <outline text="News"><outline type="rss" text="Alpha &amp; Co" xmlUrl="https://alpha.example/feed" htmlUrl="https://alpha.example/"/></outline>
          <outline type="rss" text="Beta" xmlUrl="https://beta.example/rss.xml"/>
          <outline type="rss" text="Local" xmlUrl="file:///etc/passwd"/>
        </body></opml>
        """

    @Test("an OPML file is followed on one machine, listed and exported on another; unfollow reaches both")
    func importExportUnfollow() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let a = try await Machine.grace("a", root: root, server: server)
                let b = try await Machine.grace("b", root: root, server: server)
                let file = root.appendingPathComponent("in.opml")
                try Data(Self.opml.utf8).write(to: file)
                let imported = try await a.ok(["follows", "import", file.path])
                #expect(imported.contains("Followed 2 of 2 feeds"), "\(imported)")
                #expect((try await a.ok(["follows", "import", file.path])).contains("Followed 0 of 2 feeds"))
                _ = try await b.ok(["sync"])
                let listed = try await b.ok(["follows"])
                #expect(listed.contains("Alpha & Co") && listed.contains("https://beta.example/rss.xml"), "\(listed)")
                #expect(listed.contains("last check: not yet"), "the server knows them (no poller runs in this test)")
                let exported = try await b.ok(["follows", "export"])
                #expect(exported.contains("xmlUrl=\"https://alpha.example/feed\"") && exported.contains("text=\"Alpha &amp; Co\""))
                let follows = try #require(try await b.json(["follows", "list"]) as? [String: Any])
                let entries = try #require(follows["follows"] as? [[String: Any]])
                #expect(entries.count == 2)
                let id = try #require((entries.first?["follow"] as? [String: Any])?["id"] as? String)
                _ = try await b.ok(["unfollow", id])
                _ = try await a.ok(["sync"])
                let left = try await a.ok(["follows", "export"])
                #expect(!left.contains("alpha.example") && left.contains("beta.example"), "\(left)")
            }
        }
    }

    @Test("hostile OPML files are refused whole, with a message, and follow nothing")
    func hostileOPML() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let a = try await Machine.grace("a", root: root, server: server)
                let bomb = "<!DOCTYPE opml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                    + "<opml><body><outline text=\"&b;\" xmlUrl=\"https://x.example/\"/></body></opml>"
                let cases = [
                    ("bomb.opml", Data(bomb.utf8), "entities"),
                    ("feed.opml", Data("<rss><channel/></rss>".utf8), "not an OPML file"),
                    ("huge.opml", Data(repeating: 0x20, count: (4 << 20) + 1), "at most"),
                ]
                for (name, data, message) in cases {
                    let file = root.appendingPathComponent(name)
                    try data.write(to: file)
                    let result = await a.run(["follows", "import", file.path])
                    #expect(result.status != 0, "\(name)")
                    #expect(result.err.contains(message) && result.err.contains("was not imported"), "\(name): \(result.err)")
                }
                let missing = await a.run(["follows", "import", root.appendingPathComponent("nothing.opml").path])
                #expect(missing.status != 0 && missing.err.contains("Cannot read"))
                #expect((try await a.ok(["follows", "export"])).contains("<body>\n  </body>"))
            }
        }
    }
}
