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
