import Foundation
import SatchelCLI
import Testing

@Suite("save --file, get-file, open")
struct FileCommandTests {
    @Test("a file saved on one machine is written out on another, byte for byte; status counts it")
    func fileAcrossMachines() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let a = try await Machine.grace("a", root: root, server: server)
                let b = try await Machine.grace("b", root: root, server: server)
                let bytes = Data("%PDF-1.7\n".utf8) + Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
                let source = root.appendingPathComponent("Field notes.pdf")
                try bytes.write(to: source)

                let id = Machine.id(try await a.ok(["save", "--file", source.path, "--tag", "research", "--quiet"]))
                let shown = try #require(try await a.json(["show", id]) as? [String: Any])
                #expect(shown["title"] as? String == "Field notes.pdf")
                #expect((try await b.ok(["sync"])).contains("Fetched 1 file for offline reading."))
                #expect((try await b.ok(["status"])).contains("Files:         0 waiting to upload (0 bytes); cache 1 file, 70.0 KB"))

                let out = root.appendingPathComponent("out")
                try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
                let written = try await b.ok(["get-file", String(id.suffix(8)), out.path])
                #expect(written == "Wrote \(out.path)/Field notes.pdf (70.0 KB).\n")
                #expect(FileManager.default.contents(atPath: out.appendingPathComponent("Field notes.pdf").path) == bytes)
            }
        }
    }

    @Test("clear errors: no such file, both an address and --file, an article without a file")
    func errors() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let a = try await Machine.grace("a", root: root, server: server)
                let missing = await a.run(["--offline", "save", "--file", root.appendingPathComponent("nope.pdf").path])
                #expect(missing.status != 0 && missing.err.contains("is not a file"))
                let both = await a.run(["save", "https://example.com/x", "--file", "x.pdf"])
                #expect(both.status == 64 && both.err.contains("either an address or --file"))
                let id = Machine.id(try await a.ok(["--offline", "save", "https://example.com/essay", "--quiet"]))
                let none = await a.run(["get-file", id])
                #expect(none.status == 66 && none.err.contains("has no file"))
            }
        }
    }
}
