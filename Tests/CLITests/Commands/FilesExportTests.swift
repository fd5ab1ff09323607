import Foundation
import SatchelArchive
import Testing

@Suite("export --format json --with-files, import the ZIP")
struct FilesExportTests {
    /// Machine A's export of two captured articles and one never captured, written to `root/with-files.zip`.
    static func withExport(_ body: (_ archive: String, _ root: URL, _ a: CLI) async throws -> Void) async throws {
        try await withExport { archive, root, a, _ in try await body(archive, root, a) }
    }

    /// The same, with the server's address.
    static func withExport(_ body: (_ archive: String, _ root: URL, _ a: CLI, _ server: String) async throws -> Void) async throws {
        try await BookExportTests.withMachine { site, a, root, server in
            for number in [1, 2] { _ = try await a.ok(["save", site.url(number), "--tag", "sea"]) }
            _ = try await a.ok(["save", "https://uncaptured.example/x", "--no-capture", "--offline", "--note", "no copy"])
            let paper = root.appendingPathComponent("paper.pdf")
            try Data("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n".utf8).write(to: paper)
            _ = try await a.ok(["save", "--file", paper.path, "--tag", "doc", "--offline"])
            let archive = root.appendingPathComponent("with-files.zip").path
            let result = await a.run(["export", "--format", "json", "--with-files", "-o", archive])
            #expect(result.status == 0, "\(result.err)")
            #expect(result.err.contains("Exported 4 articles and"), "\(result.err)")
            site.stop()
            try await body(archive, root, a, server)
        }
    }

    @Test("imported into a fresh profile with no server, the articles read offline with their images")
    func restoresFiles() async throws {
        try await Self.withExport { archive, root, a in
            let reader = try ZipReader(path: archive)
            #expect(reader.entries.first?.name == "satchel.json")
            let files = reader.entries.filter { $0.name.hasPrefix("files/sha256-") }
            #expect(files.count >= 5, "\(reader.entries.map(\.name))")  // two copies, their images

            let b = CLI(dataDirectory: root.appendingPathComponent("b").path)
            let imported = try await b.ok(["import", archive, "--offline"])
            #expect(imported.hasPrefix("Imported from satchel-zip: 4 added, 0 already there, 0 merged, 0 refused."), "\(imported)")
            #expect(imported.contains("Files: \(files.count) restored into this machine's file cache, 0 refused."), "\(imported)")
            #expect(!imported.contains("wait for capture") && !imported.contains("waits for capture"), "\(imported)")

            let theirs = try #require(try await a.json(["list", "--all"]) as? [[String: Any]])
            let ours = try #require(try await b.json(["list", "--all"]) as? [[String: Any]])
            #expect(ours.count == 4)
            for field in ["url", "title", "tags", "note", "captureStatus", "captureDigest", "attachments", "byline", "siteName", "savedAt"] {
                let mine = try ours.map { try Self.canonical($0[field]) }.sorted()
                let original = try theirs.map { try Self.canonical($0[field]) }.sorted()
                #expect(mine == original, "\(field)")
            }
            let captured = try #require(ours.first { ($0["url"] as? String)?.hasSuffix("/article/1") == true })
            let id = try #require(captured["id"] as? String)
            let text = try await b.ok(["read", id])
            #expect(text.contains("The harbour was quiet that morning"), "\(text.prefix(300))")

            let opened = try await Binaries.run(
                Binaries.path("satchel"), ["--data-dir", b.dataDirectory, "read", id, "--open"],
                environment: ["SATCHEL_OPENER": "/bin/true"])
            #expect(opened.status == 0, "\(opened.err)")
            #expect(opened.out.contains("images from this machine)") && !opened.out.contains("(0 of"), "\(opened.out)")

            let pdf = try #require(ours.first { ($0["url"] as? String)?.hasPrefix("urn:sha256:") == true })
            let folder = root.appendingPathComponent("got").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            _ = try await b.ok(["get-file", try #require(pdf["id"] as? String), folder])
            #expect(FileManager.default.contentsEqual(atPath: folder + "/paper.pdf", andPath: root.appendingPathComponent("paper.pdf").path))

            let again = try await b.ok(["import", archive, "--offline"])
            #expect(again.hasPrefix("Imported from satchel-zip: 0 added, 4 already there"), "\(again)")
        }
    }

    @Test("a file that does not match its digest is refused: its article is imported without it and waits for capture")
    func refusesDamagedFile() async throws {
        try await Self.withExport { archive, root, _ in
            // The same archive with one byte of the first image changed.
            let reader = try ZipReader(path: archive)
            let json = String(decoding: try reader.data(of: try #require(reader.entry(named: "satchel.json"))), as: UTF8.self)
            let tampered = root.appendingPathComponent("tampered.zip").path
            let writer = try ZipWriter(path: tampered)
            var damaged: String?
            for entry in reader.entries {
                var bytes = try reader.data(of: entry)
                if damaged == nil, entry.name.hasPrefix("files/"), bytes.first == 0x89 {  // a PNG
                    bytes[bytes.count - 1] ^= 0xFF
                    damaged = String(entry.name.dropFirst("files/sha256-".count))
                }
                if entry.name.hasPrefix("files/"), bytes.starts(with: Array("%PDF".utf8)) { bytes[0] = 0x25 ^ 0x01 }  // the saved PDF
                try writer.add(entry.name, bytes: bytes)
            }
            try writer.finish()
            let digest = try #require(damaged)
            #expect(json.contains(digest))

            let c = CLI(dataDirectory: root.appendingPathComponent("c").path)
            let imported = try await c.ok(["import", tampered, "--offline"])
            #expect(imported.hasPrefix("Imported from satchel-zip: 3 added, 0 already there, 0 merged, 1 refused."), "\(imported)")
            #expect(imported.contains("urn:sha256:") && imported.contains("its file is missing or does not match its digest"), "\(imported)")
            #expect(imported.contains("does not match its digest; it waits for capture"), "\(imported)")
            let filesLine = imported.split(separator: "\n").first { $0.hasPrefix("Files: ") } ?? ""
            #expect(!filesLine.isEmpty && !filesLine.hasSuffix(" 0 refused."), "\(imported)")
            #expect(imported.contains("wait") && imported.contains("for capture"), "\(imported)")
            let listed = try #require(try await c.json(["list", "--all"]) as? [[String: Any]])
            let waiting = listed.filter { $0["captureStatus"] as? String == "pending" }
            #expect(!waiting.isEmpty, "\(listed)")
            for article in waiting {
                let attachments = article["attachments"] as? [[String: Any]] ?? []
                #expect(!attachments.contains { ($0["digest"] as? String) == "sha256:" + digest })
            }
            #expect((try await c.ok(["status"])).contains("waiting"))
        }
    }

    /// A JSON value as sorted-key text, for comparing what two machines list.
    static func canonical(_ value: Any?) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: [value ?? NSNull()], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    @Test("the restored files upload with the next sync: another machine of the new account reads them")
    func uploadsOnSync() async throws {
        try await Self.withExport { archive, root, _, server in
            let b = CLI(dataDirectory: root.appendingPathComponent("b").path)
            _ = try await b.ok(["import", archive, "--offline"])
            #expect((try await b.ok(["status"])).contains("Files:         0 waiting to upload") == false)
            _ = try await b.ok([
                "register", "--server", server, "--username", "mover", "--password", "correct horse", "--email", "mover@example.com",
            ])
            _ = try await b.ok(["sync"])
            #expect((try await b.ok(["status"])).contains("Files:         0 waiting to upload"))

            let d = CLI(dataDirectory: root.appendingPathComponent("d").path)
            _ = try await d.ok(["login", "--server", server, "--username", "mover", "--password", "correct horse"])
            _ = try await d.ok(["sync"])
            let listed = try #require(try await d.json(["list", "--all"]) as? [[String: Any]])
            #expect(listed.count == 4)
            let captured = try #require(listed.first { ($0["url"] as? String)?.hasSuffix("/article/2") == true })
            let id = try #require(captured["id"] as? String)
            #expect((try await d.ok(["read", id])).contains("The harbour was quiet that morning"))
            let opened = try await Binaries.run(
                Binaries.path("satchel"), ["--data-dir", d.dataDirectory, "read", id, "--open"],
                environment: ["SATCHEL_OPENER": "/bin/true"])
            #expect(opened.status == 0 && opened.out.contains("images from this machine)") && !opened.out.contains("(0 of"), "\(opened.out)")
        }
    }
}
