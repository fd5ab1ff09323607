import Foundation
import SatchelCLI
import Testing

@Suite("save, list, show, archive, favorite, tag, progress, note, remove, read")
struct ReadingListCommandTests {
    @Test("a saved article can be listed, shown, archived, starred, tagged, noted, progressed and removed")
    func articleLifecycle() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = try await Machine.grace("a", root: root, server: server)
                let saved = try await cli.ok(["save", "https://example.com/essay", "--no-capture", "--title", "An essay", "--tag", "Long Read"])
                #expect(saved.contains("Saved") && saved.contains("\"An essay\"") && saved.contains("Synced with \(server)."))
                let id = Machine.id(try await cli.ok(["save", "https://example.com/other", "--no-capture", "--quiet"]))
                #expect(UUID(uuidString: id) != nil)

                let listed = try await cli.ok(["list", "--tag", "long read"])
                #expect(listed.contains("An essay") && !listed.contains("example.com/other"))
                let short = String(id.suffix(6))
                #expect(try await cli.ok(["show", short]).contains("url       https://example.com/other"))

                #expect(try await cli.ok(["archive", short]).contains("Archived"))
                #expect(!(try await cli.ok(["list"])).contains(String(id.lowercased().suffix(8))))
                #expect(try await cli.ok(["list", "--archived"]).contains(String(id.lowercased().suffix(8))))
                #expect(try await cli.ok(["favorite", short]).contains("as a favorite"))
                #expect(try await cli.ok(["list", "--all", "--favorites"]).contains(String(id.lowercased().suffix(8))))
                #expect(try await cli.ok(["tag", short, "--add", "later", "--add", "essays", "--remove", "later"])
                    .contains("Tags of \(id.lowercased().suffix(8)): essays."))
                #expect(try await cli.ok(["progress", short, "40%"]).contains("40%"))
                #expect(try await cli.ok(["note", short], stdin: "Read the end again.\n").contains("Noted"))
                let json = try #require(try await cli.json(["show", short]) as? [String: Any])
                #expect(json["readingProgress"] as? Double == 0.4 && json["note"] as? String == "Read the end again.")
                #expect(json["archived"] as? Bool == true && json["favorite"] as? Bool == true)
                #expect(json["syncState"] as? String == "synced")

                #expect(try await cli.ok(["remove", short]).contains("Removed"))
                let gone = await cli.run(["show", short])
                #expect(gone.status == 66 && gone.err.hasPrefix("satchel: No saved article has an id starting or ending with"))
            }
        }
    }

    @Test("unknown ids, non-ids and out-of-range progress are one-line errors with distinct statuses")
    func badIdsAndValues() async throws {
        try await withTemporaryDirectory { root in
            let cli = CLI(dataDirectory: root.path)
            let id = Machine.id(try await cli.ok(["save", "https://example.com/a", "--no-capture", "--quiet"]))
            let digits = id.lowercased().filter { $0 != "-" }
            let other = ["abcd", "1234"].first { !digits.hasPrefix($0) && !digits.hasSuffix($0) }!
            let unknown = await cli.run(["archive", other])
            #expect(unknown.status == 66 && unknown.err == "satchel: No saved article has an id starting or ending with '\(other)'.\n")
            let notAnId = await cli.run(["show", "essay"])
            #expect(notAnId.status == 64 && notAnId.err.contains("is not an id"))
            let badProgress = await cli.run(["progress", String(id.suffix(4)), "1.5"])
            #expect(badProgress.status == 64 && badProgress.err.contains("from 0 to 1"))
            #expect(badProgress.err.filter { $0 == "\n" }.count == 1)
            let badURL = await cli.run(["save", "not a url"])
            #expect(badURL.status == 64 && badURL.err.contains("is not an http or https URL"))
            let badFlag = await cli.run(["list", "--archived", "--all"])
            #expect(badFlag.status == 64)
        }
    }

    @Test("saving a post of the server links it and keeps its text for reading offline, on every machine")
    func savePostLinkAndReadOffline() async throws {
        try await withTemporaryDirectory { root in
            var articleId = ""
            var title = ""
            try await CLITestServer.run { server in
                let a = try await Machine.grace("a", root: root, server: server)
                let b = try await Machine.grace("b", root: root, server: server)
                let posts = try #require(try await a.json(["posts", "--limit", "1"]) as? [[String: Any]])
                let slug = try #require(posts.first?["slug"] as? String)
                title = try #require(posts.first?["title"] as? String)
                let saved = try await a.ok(["save", "\(server)/v1/posts/\(slug)"])
                #expect(saved.contains("linked to the post") && saved.contains("\"\(title)\""))
                articleId = try #require((try await a.json(["list"]) as? [[String: Any]])?.first?["id"] as? String)
                _ = try await b.ok(["sync"])
            }
            // The server is gone: both machines read the post from their own copy.
            for machine in ["a", "b"] {
                let cli = CLI(dataDirectory: root.appendingPathComponent(machine).path)
                let text = try await cli.ok(["read", String(articleId.suffix(8))])
                #expect(text.hasPrefix(title + "\n") && text.contains(" min read"))
            }
        }
    }

    @Test("reading a page saved without capture says so and how to capture it")
    func readOrdinaryPage() async throws {
        try await withTemporaryDirectory { root in
            let cli = CLI(dataDirectory: root.path)
            let id = Machine.id(try await cli.ok(["save", "https://example.com/essay", "--no-capture", "--quiet"]))
            let text = try await cli.ok(["read", id])
            #expect(text.contains("Its page was saved without a copy; run `satchel capture \(id.suffix(8))`"), "\(text)")
        }
    }
}
