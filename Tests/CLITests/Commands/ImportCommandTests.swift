import Foundation
import SatchelCLI
import Testing

@Suite("import")
struct ImportCommandTests {
    static let pocket = """
        title,url,time_added,tags,status
        "Slow news, quickly",https://news.example/slow?utm_source=pocket,1700000000,news|longread,unread
        Archived one,https://news.example/old,1600000000,,archive
        Same page again,https://NEWS.example/slow#top,1700000001,later,unread
        =cmd|' /C calc'!A0,https://news.example/formula,1700000002,,unread
        Script,javascript:alert(document.cookie),1700000003,,unread
        """

    @Test("a Pocket export: added with times, labels and status; twice adds nothing; duplicates merge; refusals listed")
    func pocketTwice() async throws {
        try await withTemporaryDirectory { root in
            let cli = CLI(dataDirectory: root.appendingPathComponent("data").path)
            let file = root.appendingPathComponent("pocket.csv")
            try Self.pocket.write(to: file, atomically: true, encoding: .utf8)

            let dry = try await cli.ok(["import", file.path, "--dry-run"])
            #expect(dry.hasPrefix("Would import from pocket-csv: 3 added, 0 already there, 1 merged, 1 refused."), "\(dry)")
            #expect((try await cli.json(["list"]) as? [Any])?.isEmpty == true)

            let first = try await cli.ok(["import", file.path])
            #expect(first.hasPrefix("Imported from pocket-csv: 3 added, 0 already there, 1 merged, 1 refused."), "\(first)")
            #expect(first.contains("row 6: javascript:alert(document.cookie) — not a web address (javascript:)"))
            #expect(first.contains("3 pages wait for capture"))
            #expect((try await cli.ok(["status"])).contains("Captures:      3 waiting, 0 failed (capture them with `satchel capture --failed`)"))
            let listed = try #require(try await cli.json(["list", "--all"]) as? [[String: Any]])
            #expect(listed.count == 3)
            let slow = try #require(listed.first { ($0["url"] as? String)?.contains("/slow") == true })
            #expect(slow["tags"] as? [String] == ["later", "longread", "news"])
            #expect(slow["savedAt"] as? String == "2023-11-14T22:13:20.000Z")
            #expect(slow["captureStatus"] as? String == "pending")
            let old = try #require(listed.first { ($0["url"] as? String)?.hasSuffix("/old") == true })
            #expect(old["archived"] as? Bool == true)
            let formula = try #require(listed.first { ($0["url"] as? String)?.hasSuffix("/formula") == true })
            #expect(formula["title"] as? String == "=cmd|' /C calc'!A0")

            let second = try await cli.ok(["import", file.path])
            #expect(second.hasPrefix("Imported from pocket-csv: 0 added, 4 already there, 0 merged, 1 refused."), "\(second)")
            #expect((try await cli.json(["list", "--all"]) as? [Any])?.count == 3)
        }
    }

    @Test("files that cannot be read change nothing and say why: 2 GB, not UTF-8, an unknown format name")
    func unreadable() async throws {
        try await withTemporaryDirectory { root in
            let cli = CLI(dataDirectory: root.appendingPathComponent("data").path)
            let huge = root.appendingPathComponent("huge.csv")
            #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
            let handle = try FileHandle(forWritingTo: huge)
            try handle.truncate(atOffset: 2 << 30)  // sparse: nothing is written
            try handle.close()
            let tooLarge = await cli.run(["import", huge.path])
            #expect(tooLarge.status == 64 && tooLarge.err.contains("larger than 256 MiB"), "\(tooLarge.err)")

            let binary = root.appendingPathComponent("binary.csv")
            try Data([0x74, 0x69, 0x74, 0x6C, 0x65, 0xC3, 0x28, 0x0A]).write(to: binary)
            let notText = await cli.run(["import", binary.path])
            #expect(notText.status == 64 && notText.err.contains("not UTF-8"), "\(notText.err)")

            let format = await cli.run(["import", binary.path, "--format", "evernote"])
            #expect(format.status == 64 && format.err.contains("--format must be one of"))
            let missing = await cli.run(["import", root.appendingPathComponent("nope.csv").path])
            #expect(missing.status == 66)
            #expect((try await cli.json(["list", "--all"]) as? [Any])?.isEmpty == true)
        }
    }
}

@Suite("export")
struct ExportCommandTests {
    @Test("a JSON export imported into an empty profile gives the same reading list, every field but ids")
    func roundTrip() async throws {
        try await withTemporaryDirectory { root in
            let a = CLI(dataDirectory: root.appendingPathComponent("a").path)
            let first = Machine.id(try await a.ok(["save", "https://example.com/one", "--no-capture", "--title", "One, \"quoted\"", "--tag", "x", "--tag", "Été", "--note", "A note\nover two lines", "--quiet"]))
            let second = Machine.id(try await a.ok(["save", "https://example.com/two", "--no-capture", "--quiet"]))
            _ = try await a.ok(["favorite", first])
            _ = try await a.ok(["progress", first, "40%"])
            _ = try await a.ok(["archive", second])
            let file = root.appendingPathComponent("export.json").path
            _ = try await a.ok(["export", "--format", "json", "-o", file])

            let b = CLI(dataDirectory: root.appendingPathComponent("b").path)
            let imported = try await b.ok(["import", file])
            #expect(imported.hasPrefix("Imported from satchel-json: 2 added"), "\(imported)")
            func listing(_ cli: CLI) async throws -> [[String: String]] {
                let items = try #require(try await cli.json(["list", "--all"]) as? [[String: Any]])
                return items.map { item in
                    item.filter { !["id", "updatedAt", "syncState"].contains($0.key) }.mapValues { "\($0)" }
                }.sorted { ($0["url"] ?? "") < ($1["url"] ?? "") }
            }
            let before = try await listing(a)
            let after = try await listing(b)
            #expect(before.count == 2)
            #expect(before == after)
            let again = try await b.ok(["import", file])
            #expect(again.hasPrefix("Imported from satchel-json: 0 added, 2 already there"))
        }
    }

    @Test("CSV, bookmarks and Markdown exports filter by label and status")
    func formats() async throws {
        try await withTemporaryDirectory { root in
            let a = CLI(dataDirectory: root.appendingPathComponent("a").path)
            let kept = Machine.id(try await a.ok(["save", "https://example.com/kept", "--no-capture", "--title", "=1+1", "--tag", "keep", "--quiet"]))
            let other = Machine.id(try await a.ok(["save", "https://example.com/other", "--no-capture", "--quiet"]))
            _ = try await a.ok(["archive", other])
            let csv = try await a.ok(["export", "--format", "csv", "--tag", "keep"])
            let seconds = try await Self.seconds(a, kept)
            #expect(csv == "title,url,time_added,tags,status\r\n'=1+1,https://example.com/kept,\(seconds),keep,unread\r\n")
            let html = try await a.ok(["export", "--format", "netscape", "--archived"])
            #expect(html.contains("https://example.com/other") && !html.contains("https://example.com/kept"))
            let folder = root.appendingPathComponent("notes").path
            _ = try await a.ok(["export", "--format", "markdown", "--unread", "-o", folder])
            let files = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(files.count == 1 && files[0].hasSuffix("-\(kept.suffix(8)).md"))
            let bad = await a.run(["export", "--format", "markdown"])
            #expect(bad.status == 64 && bad.err.contains("needs -o"))
        }
    }

    static func seconds(_ cli: CLI, _ id: String) async throws -> Int {
        let shown = try #require(try await cli.json(["show", id]) as? [String: Any])
        let text = try #require(shown["savedAt"] as? String)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return Int(try #require(formatter.date(from: text)).timeIntervalSince1970)
    }
}
