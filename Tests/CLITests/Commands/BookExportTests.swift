import Foundation
import SatchelArchive
import Testing

@Suite("export --format epub")
struct BookExportTests {
    /// Runs `body` with the book site, a server, and machine A logged in and allowed to capture from loopback.
    static func withMachine(_ body: (_ site: BookSite, _ a: CLI, _ root: URL) async throws -> Void) async throws {
        try await withMachine { site, a, root, _ in try await body(site, a, root) }
    }

    /// The same, with the server's address.
    static func withMachine(_ body: (_ site: BookSite, _ a: CLI, _ root: URL, _ server: String) async throws -> Void) async throws {
        let site = try BookSite()
        defer { site.stop() }
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let a = try await Machine.grace("a", root: root, server: server)
                try CaptureCommandTests.allowLoopback(a)
                try await body(site, a, root, server)
            }
        }
    }

    /// Titles and notes a reader (or a page) may write that XHTML must escape.
    static let hostileTitles = [
        "Less < more & ]]> done \"quoted\" 'single'",
        "שלום עולם — مرحبا بالعالم (right to left)",
        "<script>alert(1)</script> &amp; &nbsp; &#0;",
        String(repeating: "A very long title that goes on ", count: 15) + "and ends",
    ]

    @Test("20 captured articles with images and highlights: epubcheck finds no error and no warning")
    func twentyCapturedArticles() async throws {
        try await Self.withMachine { site, a, root in
            for number in 1...20 {
                var arguments = ["save", site.url(number)]
                if number <= Self.hostileTitles.count {
                    arguments += ["--title", Self.hostileTitles[number - 1], "--note", "Note \(number): a < b && c > d ]]> \u{202E}reversed\u{202C}\nsecond line\n\nnew paragraph"]
                }
                let saved = try await a.ok(arguments)
                #expect(saved.contains("kept for reading offline"), "\(saved)")
                if number == 1 {
                    let id = try #require(saved.split(separator: " ").dropFirst().first.map(String.init), "\(saved)")
                    _ = try await a.ok(["highlight", id, "Part 2 of article 1.", "--note", "why <b>this</b> ]]> & that\n\nsecond", "--color", "blue", "--occurrence", "1"])
                    _ = try await a.ok(["highlight", id, "Part 5 of article 1.", "--occurrence", "2"])
                }
            }
            // One article never captured: a chapter with its title, link and note.
            _ = try await a.ok(["save", "https://uncaptured.example/page", "--no-capture", "--offline", "--title", "Not captured <yet>", "--note", "keep & read"])
            let book = root.appendingPathComponent("list.epub").path
            let result = await a.run(["export", "--format", "epub", "-o", book])
            #expect(result.status == 0, "\(result.err)")
            #expect(result.err.contains("Exported 21 articles to \(book) (20 with their text"), "\(result.err)")
            #expect(result.err.contains("left out"), "\(result.err)")

            let report = try await EPUBCheck.check(book)
            #expect(report.status == 0, "\(report.output)")
            #expect(report.problems.isEmpty, "\(report.problems.prefix(20).joined(separator: "\n"))")
            #expect(report.output.contains("No errors or warnings detected"), "\(report.output)")

            let archive = try ZipReader(path: book)
            #expect(archive.entries.first?.name == "mimetype" && archive.entries.first?.size == archive.entries.first?.compressedSize)
            #expect(archive.entries.filter { $0.name.hasPrefix("OEBPS/articles/") }.count == 21)
            let images = archive.entries.filter { $0.name.hasPrefix("OEBPS/images/") }.map(\.name)
            #expect(images.contains { $0.hasSuffix(".png") } && images.contains { $0.hasSuffix(".jpg") } && images.contains { $0.hasSuffix(".gif") })
            #expect(!images.contains { $0.hasSuffix(".webp") })
            let first = String(decoding: try archive.data(of: try #require(archive.entry(named: "OEBPS/articles/article-00001.xhtml"))), as: UTF8.self)
            #expect(first.contains("Less &lt; more &amp; ]]&gt; done"))
            #expect(first.contains("<blockquote class=\"highlight blue\">\n<p dir=\"auto\">Part 2 of article 1.</p>"), "\(first)")
            #expect(first.contains("why &lt;b&gt;this&lt;/b&gt; ]]&gt; &amp; that</p>") && first.contains("Part 5 of article 1."))
            #expect(first.contains("<img src=\"../images/") && !first.contains("127.0.0.2"))
            #expect(first.contains("Ada Lovelace") && first.contains("Harbour News"))
            let nav = String(decoding: try archive.data(of: try #require(archive.entry(named: "OEBPS/nav.xhtml"))), as: UTF8.self)
            #expect(nav.contains("Not captured &lt;yet&gt;"))
        }
    }

    @Test("--format epub needs -o; --with-files goes with json only")
    func usage() async throws {
        try await withTemporaryDirectory { root in
            let cli = CLI(dataDirectory: root.appendingPathComponent("data").path)
            let noPath = await cli.run(["export", "--format", "epub"])
            #expect(noPath.status == 64 && noPath.err.contains("--format epub needs -o"), "\(noPath.err)")
            let wrong = await cli.run(["export", "--format", "csv", "--with-files", "-o", root.appendingPathComponent("x").path])
            #expect(wrong.status == 64 && wrong.err.contains("--with-files goes with --format json only"), "\(wrong.err)")
            let help = await cli.run(["export", "--help"])
            #expect(help.status == 0 && help.out.contains("epub") && help.out.contains("--with-files"))
        }
    }
}
