import Foundation
import SatchelCLI
import SatchelTestSupport
import Testing

@Suite("draft new, edit, list, show, publish, remove")
struct DraftCommandTests {
    @Test("a post draft is written, edited from a flag and from stdin, listed, shown and published")
    func postDraft() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = try await Machine.grace("a", root: root, server: server)
                let id = Machine.id(try await cli.ok(["draft", "new", "--title", "On sync", "--tag", "sync", "--quiet"],
                                                     stdin: "First paragraph.\n"))
                let short = String(id.suffix(5))
                #expect(try await cli.ok(["draft", "show", short]).hasSuffix("\nFirst paragraph.\n"))
                #expect(try await cli.ok(["draft", "edit", short, "--body", "Second version."]).contains("Updated draft"))
                #expect(try await cli.ok(["draft", "edit", short], stdin: "Third version.\n").contains("Updated draft"))
                #expect(try await cli.ok(["draft", "edit", short, "--title", "On sync, again"]).contains("Updated draft"))
                let listed = try await cli.ok(["draft", "list"])
                #expect(listed.contains("On sync, again") && listed.contains("synced"))
                let shown = try #require(try await cli.json(["draft", "show", short]) as? [String: Any])
                #expect(shown["body"] as? String == "Third version.\n" && shown["kind"] as? String == "post")

                let published = try await cli.ok(["draft", "publish", short])
                #expect(published.contains("Published \"On sync, again\" as post"))
                #expect(try await cli.ok(["posts", "--search", "Third"]).contains("On sync, again"))
                #expect(try await cli.ok(["draft", "list"]) == "No drafts.\n")
            }
        }
    }

    @Test("a comment draft publishes as a queued comment; a post draft without a title is refused")
    func commentDraftAndUntitled() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = try await Machine.grace("a", root: root, server: server)
                let slug = try #require((try await cli.json(["posts", "--limit", "1"]) as? [[String: Any]])?.first?["slug"] as? String)
                let draft = Machine.id(try await cli.ok(["draft", "new", "--comment-on", slug, "--body", "Nice one.", "--quiet"]))
                let published = try await cli.ok(["draft", "publish", draft])
                #expect(published.contains("Queued comment") && published.contains("Synced with"))
                #expect(try await cli.ok(["post", slug]).contains("Nice one."))

                let untitled = Machine.id(try await cli.ok(["draft", "new", "--body", "No title yet.", "--quiet"]))
                let refused = await cli.run(["draft", "publish", untitled])
                #expect(refused.status == 64 && refused.err.contains("A post needs a title"))
                #expect(try await cli.ok(["draft", "remove", untitled]).contains("Removed draft"))
            }
        }
    }

    @Test("an image attached to a draft syncs with it, shows in the preview, and is uploaded as a media item on publishing")
    func imageDraft() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let first = try await Machine.grace("a", root: root, server: server)
                let second = try await Machine.grace("b", root: root, server: server)
                let image = root.appendingPathComponent("harbour.png")
                try Data(TestImages.png(width: 400, height: 300)).write(to: image)
                let id = Machine.id(try await first.ok(["draft", "new", "--title", "Harbour", "--body", "Morning.", "--quiet"]))
                let short = String(id.suffix(5))
                let attached = try await first.ok(["draft", "attach", short, image.path, "--alt", "The harbour", "--caption", "At dawn"])
                #expect(attached.contains("Attached harbour.png") && attached.contains("](attachment:sha256:"), "\(attached)")
                let notImage = root.appendingPathComponent("notes.png")
                try Data("not an image".utf8).write(to: notImage)
                #expect(await first.run(["draft", "attach", short, notImage.path]).status == 64)

                // The other machine gets the draft with its image.
                _ = try await second.ok(["sync"])
                let shown = try #require(try await second.json(["draft", "show", short]) as? [String: Any])
                #expect((shown["attachments"] as? [[String: Any]])?.first?["name"] as? String == "harbour.png")
                #expect((shown["body"] as? String)?.hasPrefix("Morning.\n\n![The harbour](attachment:sha256:") == true)
                let preview = root.appendingPathComponent("preview.html")
                #expect(try await second.ok(["draft", "preview", short, "--output", preview.path]).contains("Wrote the preview"))
                let html = try String(contentsOf: preview, encoding: .utf8)
                #expect(html.contains("<h1>Harbour</h1>") && html.contains("<p>Morning.</p>"))
                #expect(html.contains("<img src=\"file://") && html.contains("alt=\"The harbour\"") && html.contains("<figcaption>At dawn</figcaption>"))

                let published = try await second.ok(["draft", "publish", short])
                #expect(published.contains("Published \"Harbour\""), "\(published)")
                let post = try #require((try await second.json(["posts", "--limit", "1"]) as? [[String: Any]])?.first)
                let body = try #require(post["body"] as? String)
                #expect(body.hasPrefix("Morning.\n\n![The harbour](media:") && !body.contains("attachment:"), "\(body)")
            }
        }
    }

    @Test("editing, showing or publishing an unknown draft is a not-found error")
    func unknownDraft() async throws {
        try await withTemporaryDirectory { root in
            let cli = CLI(dataDirectory: root.path)
            for command in [["draft", "edit", "abc", "--body", "x"], ["draft", "show", "abc"], ["draft", "publish", "abc"],
                            ["draft", "remove", "abc"]] {
                let result = await cli.run(command)
                #expect(result.status == 66, "\(command)")
                #expect(result.err == "satchel: No draft has an id starting or ending with 'abc'.\n", "\(command)")
            }
        }
    }
}
