import Foundation
import SatchelCLI
import SatchelLoopback
import SatchelTestSupport
import Testing

@Suite("highlight, highlights, note, read with highlights")
struct HighlightCommandTests {
    /// A page of five distinct paragraphs, one of them changed by `variant`.
    static func page(variant: Int) -> String {
        let paragraphs = [
            "The harbour was quiet that morning, and the boats rocked gently against the old stone quay.",
            variant == 0
                ? "Fishermen mended their nets and talked about the weather, the prices at market and the winter ahead."
                : "Fishermen mended their nets and talked about the weather, the price at the market and the winter ahead.",
            "By noon the first ferry had come in, and the square filled with travellers looking for lunch.",
            variant == 2 ? "Nothing else happened that day worth writing about in any newspaper at all." :
                "In the evening the lamps were lit one by one along the sea wall, as they had been for a century.",
            "The answer was no, said the mayor. The answer was no, said the harbour master, and that was that.",
        ]
        let intro = variant > 0 ? "<p>An editor's note added on the second capture, before everything else.</p>" : ""
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour Day</title></head>
            <body><article><h1>Harbour Day</h1>\(intro)\(paragraphs.map { "<p>\($0)</p>" }.joined())</article></body></html>
            """
    }

    static func serve(_ site: CaptureSite, variant: Int) {
        site.setFlakyResponse(.text(page(variant: variant), contentType: "text/html; charset=utf-8"))
    }

    @Test("a passage highlighted with a note and a color; a repeated quote lists its places; read marks it; notes edit")
    func highlightAndRead() async throws {
        try await CaptureCommandTests.withMachine { site, a, _, _ in
            Self.serve(site, variant: 0)
            let id = Machine.id(try await a.ok(["save", site.url("/flaky"), "--quiet"]))
            let made = try await a.ok(["highlight", id, "the boats rocked gently", "--note", "Lovely line", "--color", "green"])
            #expect(made.hasPrefix("Highlighted \"the boats rocked gently\""), "\(made)")

            let repeated = await a.run(["highlight", id, "The answer was no"])
            #expect(repeated.status == 64 && repeated.err.contains("is in the text 2 times"), "\(repeated.err)")
            #expect(repeated.err.contains("1. …") && repeated.err.contains("said the mayor"))
            _ = try await a.ok(["highlight", id, "The answer was no", "--occurrence", "2"])
            let missing = await a.run(["highlight", id, "words that are nowhere"])
            #expect(missing.status == 64 && missing.err.contains("is not in the article's text"))
            #expect((await a.run(["highlight", id, "the boats", "--color", "mauve"])).err.contains("--color must be one of"))

            let listed = try #require(try await a.json(["highlights", id]) as? [[String: Any]])
            #expect(listed.count == 2)
            let first = try #require(listed.first)
            #expect(first["color"] as? String == "green" && first["note"] as? String == "Lovely line" && first["placed"] as? Bool == true)
            let second = try #require(listed.last)
            let occurrenceStart = try #require(second["start"] as? Int)
            #expect(occurrenceStart > 300, "the second occurrence, after the mayor's")

            let text = try await a.ok(["read", id])
            #expect(text.contains("⟦the boats rocked gently⟧[1]"), "\(text)")
            #expect(text.contains("⟦The answer was no⟧, said the harbour master"))
            #expect(text.contains("Notes\n─────\n[1] Lovely line"))

            let highlightId = try #require(first["id"] as? String)
            _ = try await a.ok(["note", highlightId, "Lovely line,\nread it aloud"])
            _ = try await a.ok(["highlight", highlightId, "--color", "blue"])
            let changed = try #require((try await a.json(["highlights"]) as? [[String: Any]])?.first)
            #expect(changed["note"] as? String == "Lovely line,\nread it aloud" && changed["color"] as? String == "blue")
            _ = try await a.ok(["unhighlight", highlightId])
            #expect((try await a.json(["highlights"]) as? [Any])?.count == 1)
        }
    }

    @Test("after a re-capture: highlights move with their text, an edited passage is found fuzzily, a removed one is an orphan")
    func recapture() async throws {
        try await CaptureCommandTests.withMachine { site, a, _, _ in
            Self.serve(site, variant: 0)
            let id = Machine.id(try await a.ok(["save", site.url("/flaky"), "--quiet"]))
            _ = try await a.ok(["highlight", id, "the square filled with travellers"])
            _ = try await a.ok(["highlight", id, "talked about the weather, the prices at market and the winter ahead"])
            _ = try await a.ok(["highlight", id, "lamps were lit one by one along the sea wall", "--note", "gone later"])

            Self.serve(site, variant: 2)
            _ = try await a.ok(["capture", id])
            let listed = try #require(try await a.json(["highlights", id]) as? [[String: Any]])
            #expect(listed.map { $0["placedBy"] as? String } == ["quote", "fuzzy", nil], "\(listed)")
            let orphans = try #require(try await a.json(["highlights", "--orphans"]) as? [[String: Any]])
            #expect(orphans.map { $0["exact"] as? String } == ["lamps were lit one by one along the sea wall"])
            let text = try await a.ok(["read", id])
            #expect(text.contains("⟦the square filled with travellers⟧"))
            #expect(text.contains("Highlights not found in this copy") && text.contains("\"lamps were lit one by one along the sea wall\" — gone later"))
        }
    }

    @Test("two machines highlight the same article offline: both keep every highlight; a note edited on both merges")
    func twoMachines() async throws {
        try await CaptureCommandTests.withMachine { site, a, server, root in
            Self.serve(site, variant: 0)
            let b = try await Machine.grace("b", root: root, server: server)
            let id = Machine.id(try await a.ok(["save", site.url("/flaky"), "--quiet"]))
            _ = try await a.ok(["highlight", id, "the first ferry had come in", "--note", "first line\nsecond line\nthird line"])
            _ = try await b.ok(["sync"])
            let shared = try #require((try await b.json(["highlights", id]) as? [[String: Any]])?.first?["id"] as? String)

            _ = try await a.ok(["highlight", id, "the boats rocked gently", "--offline"])
            _ = try await b.ok(["highlight", id, "The answer was no", "--occurrence", "1", "--offline"])
            _ = try await a.ok(["note", shared, "first line, edited on A\nsecond line\nthird line", "--offline"])
            _ = try await b.ok(["note", shared, "first line\nsecond line\nthird line, edited on B", "--offline"])
            _ = try await a.ok(["sync"])
            _ = try await b.ok(["sync"])
            _ = try await a.ok(["sync"])
            for machine in [a, b] {
                let listed = try #require(try await machine.json(["highlights", id]) as? [[String: Any]])
                #expect(Set(listed.compactMap { $0["exact"] as? String }) == [
                    "the first ferry had come in", "the boats rocked gently", "The answer was no",
                ])
                let merged = listed.first { $0["id"] as? String == shared }?["note"] as? String
                #expect(merged == "first line, edited on A\nsecond line\nthird line, edited on B", "\(String(describing: merged))")
            }
        }
    }
}

@Suite("highlights in exports")
struct HighlightExportTests {
    @Test("JSON and Markdown exports carry highlights; importing the JSON on another machine brings them back once")
    func exportAndImport() async throws {
        try await CaptureCommandTests.withMachine { site, a, _, root in
            HighlightCommandTests.serve(site, variant: 0)
            let id = Machine.id(try await a.ok(["save", site.url("/flaky"), "--quiet"]))
            _ = try await a.ok(["highlight", id, "the boats rocked gently", "--note", "Lovely, \"quoted\"", "--color", "pink"])
            _ = try await a.ok(["highlight", id, "the first ferry had come in"])
            let json = root.appendingPathComponent("list.json").path
            _ = try await a.ok(["export", "--format", "json", "-o", json])
            let exported = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
            #expect((exported["highlights"] as? [[String: Any]])?.count == 2)

            let folder = root.appendingPathComponent("md").path
            _ = try await a.ok(["export", "--format", "markdown", "-o", folder])
            let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first)
            let markdown = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            #expect(markdown.contains("## Highlights") && markdown.contains("> the boats rocked gently"))
            #expect(markdown.contains("#:~:text=the%20boats%20rocked%20gently") && markdown.contains("Lovely, \"quoted\""))

            let b = CLI(dataDirectory: root.appendingPathComponent("fresh").path)
            let imported = try await b.ok(["import", json, "--no-capture"])
            #expect(imported.contains("Highlights: 2 added."), "\(imported)")
            let again = try await b.ok(["import", json, "--no-capture"])
            #expect(!again.contains("Highlights:"), "importing twice adds no highlight twice: \(again)")
            let listed = try #require(try await b.json(["highlights"]) as? [[String: Any]])
            #expect(Set(listed.compactMap { $0["exact"] as? String }) == ["the boats rocked gently", "the first ferry had come in"])
            #expect(listed.first { $0["exact"] as? String == "the boats rocked gently" }?["color"] as? String == "pink")
        }
    }
}
