import Foundation
import SatchelCLI
import Testing

@Suite("posts, post, random, comment")
struct PostCommandTests {
    @Test("posts filter by author, tag and search; post and random show a post")
    func browsing() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = try await Machine.grace("a", root: root, server: server)
                let all = try #require(try await cli.json(["posts", "--limit", "100"]) as? [[String: Any]])
                #expect(!all.isEmpty)
                let byGrace = try #require(try await cli.json(["posts", "--author", "grace"]) as? [[String: Any]])
                #expect(byGrace.allSatisfy { ($0["author"] as? [String: Any])?["username"] as? String == "grace" })
                let first = try #require(all.first)
                let tag = try #require((first["tags"] as? [String])?.first)
                let tagged = try #require(try await cli.json(["posts", "--tag", tag]) as? [[String: Any]])
                #expect(tagged.allSatisfy { ($0["tags"] as? [String])?.contains(tag) == true })
                let title = try #require(first["title"] as? String)
                #expect(try await cli.ok(["posts"]).contains(title.prefix(40)))
                let shown = try await cli.ok(["post", try #require(first["slug"] as? String)])
                #expect(shown.hasPrefix(title + "\n") && shown.contains("min read") && shown.contains("Comments ("))
                #expect(try await cli.ok(["random"]).contains("min read"))
            }
        }
    }

    @Test("a reply shows indented under its comment")
    func threadedComments() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = try await Machine.grace("a", root: root, server: server)
                let postId = try #require((try await cli.json(["posts", "--limit", "1"]) as? [[String: Any]])?.first?["id"] as? String)
                let parent = Machine.id(try await cli.ok(["comment", String(postId.prefix(8)), "Top-level thought.", "--quiet"]))
                _ = try await cli.ok(["comment", postId, "A reply to it.", "--reply-to", String(parent.suffix(6))])
                let shown = try await cli.ok(["post", postId])
                let lines = shown.split(separator: "\n").map(String.init)
                let top = try #require(lines.firstIndex { $0.hasPrefix("- ") && $0.hasSuffix("Top-level thought.") })
                #expect(lines[(top + 1)...].contains { $0.hasPrefix("    - ") && $0.hasSuffix("A reply to it.") })
            }
        }
    }

    @Test("unknown posts, bad limits and empty comments are clear errors")
    func errors() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = try await Machine.grace("a", root: root, server: server)
                let missing = await cli.run(["post", "no-such-post"])
                #expect(missing.status == 66 && missing.err.hasPrefix("satchel: No post"))
                let badLimit = await cli.run(["posts", "--limit", "0"])
                #expect(badLimit.status == 64 && badLimit.err.contains("--limit must be from 1 to 100"))
                let unknownAuthor = await cli.run(["posts", "--author", "nobody"])
                #expect(unknownAuthor.status == 66)
                let postId = try #require((try await cli.json(["posts", "--limit", "1"]) as? [[String: Any]])?.first?["id"] as? String)
                let empty = await cli.run(["comment", postId, "   "])
                #expect(empty.status == 64 && empty.err.contains("Give the comment"))
            }
        }
    }
}
