import Foundation
import SatchelArchive
import SatchelImport
import Testing

/// wallabag's JSON and Omnivore's ZIP, on samples written from what their exporters write.
@Suite("Reading wallabag and Omnivore exports")
struct ForeignExportTests {
    static func write(_ text: String, suffix: String) throws -> String {
        let path = NSTemporaryDirectory() + "import-\(UUID().uuidString)\(suffix)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func omnivoreArchive(_ entries: [(String, String)]) throws -> String {
        let path = NSTemporaryDirectory() + "omnivore-\(UUID().uuidString).zip"
        let writer = try ZipWriter(path: path)
        for (name, text) in entries { try writer.add(name, bytes: Array(text.utf8)) }
        try writer.finish()
        return path
    }

    @Test("wallabag v2: flags as numbers or booleans, tags as strings or objects, PHP and JS dates, annotations as the note")
    func wallabag() throws {
        let json = #"""
            [
              {"is_archived": 1, "is_starred": 0, "tags": ["tech", "Café"], "is_public": false, "id": 12,
               "title": "Quotes \"and\", commas", "url": "https://example.com/a?utm_source=x",
               "content": "<p>The readable copy wallabag kept.</p>", "created_at": "2016-04-07T10:12:31+0200",
               "updated_at": "2016-04-08T10:12:31+0200", "mimetype": "text/html; charset=utf-8", "language": "en",
               "reading_time": 3, "domain_name": "example.com",
               "annotations": [{"text": "my note", "quote": "a kept\npassage", "ranges": []}, {"text": "", "quote": "second"}]},
              {"is_archived": false, "is_starred": true, "tags": [{"id": 1, "label": "obj-tag", "slug": "obj-tag"}],
               "title": "", "url": "https://example.com/b", "content": "", "created_at": "2024-05-01T12:34:56.789Z"},
              {"is_archived": "0", "is_starred": "1", "url": "https://example.com/pdf", "mimetype": "application/pdf",
               "content": "<p>extracted</p>", "created_at": "not a date"},
              {"url": "javascript:alert(1)", "title": "bad"},
              {"title": "no address"},
              "not an entry",
              {"url": "https://example.com/a?utm_source=x", "title": "the same page again"}
            ]
            """#
        let document = try ImportReader.read(Data(json.utf8))
        #expect(document.format == .wallabagJSON)
        #expect(document.items.count == 4, "the duplicate address is the importer's to merge, not the reader's")
        let first = document.items[0]
        #expect(first.title == "Quotes \"and\", commas" && first.archived && !first.favorite)
        #expect(first.tags == ["tech", "Café"])
        #expect(first.savedAt == ISO8601DateFormatter().date(from: "2016-04-07T08:12:31Z"), "+0200 is two hours ahead of UTC")
        #expect(first.content == .html("<p>The readable copy wallabag kept.</p>"))
        #expect(first.note == "> a kept\n> passage\nmy note\n\n> second")
        let second = document.items[1]
        #expect(second.title == nil && !second.archived && second.favorite && second.tags == ["obj-tag"])
        #expect(second.content == nil, "empty content: the page is fetched")
        #expect(second.savedAt == Date(timeIntervalSince1970: 1_714_566_896.789))
        let third = document.items[2]
        #expect(third.favorite && !third.archived && third.savedAt == nil)
        #expect(third.content == nil, "a PDF's extracted text is not a page's readable copy")
        #expect(document.refused.map(\.reason) == ["not a web address (javascript:)", "no address", "not an entry"])
    }

    @Test("wallabag: what is not an array of entries is refused as a whole")
    func wallabagMalformed() {
        #expect(throws: ImportError.self) { try ImportReader.read(Data("[1, 2".utf8)) }
        #expect(throws: ImportError.self) { try ImportReader.read(Data("[".utf8), format: .wallabagJSON) }
        #expect(throws: ImportError.self) { try ImportReader.read(Data(#"{"a": 1}"#.utf8), format: .wallabagJSON) }
        // A number with a huge exponent is a number the parser bounds, not a crash or a hang.
        let huge = #"[{"url": "https://example.com/x", "reading_time": 1e999999999, "is_archived": 1e400}]"#
        let document = try? ImportReader.read(Data(huge.utf8))
        #expect(document == nil || document?.items.count == 1)
    }

    @Test("Omnivore: metadata files in order, states, labels, progress in percent, content and highlights by slug")
    func omnivore() throws {
        let second = #"""
            [{"id": "3", "slug": "third", "title": "Third", "url": "https://example.org/3", "state": "SUCCEEDED",
              "labels": [], "savedAt": "2024-03-01T00:00:00.000Z"}]
            """#
        let first = #"""
            [
              {"id": "1", "slug": "first-post", "title": "First, \"quoted\"", "description": "d", "author": "Ada",
               "url": "https://example.org/1", "state": "ARCHIVED", "readingProgress": 42, "thumbnail": null,
               "labels": ["Reading", "日本語"], "savedAt": "2024-01-02T03:04:05.000Z",
               "updatedAt": "2024-01-03T00:00:00.000Z", "publishedAt": null},
              {"id": "2", "slug": "gone", "title": "Deleted", "url": "https://example.org/2", "state": "DELETED"},
              {"id": "x", "slug": "no-content", "title": "No content", "url": "https://example.org/4",
               "state": "CONTENT_NOT_FETCHED", "readingProgress": 250, "labels": null, "savedAt": null},
              {"id": "y", "slug": "bad", "url": "data:text/html,hi", "state": "SUCCEEDED"}
            ]
            """#
        let path = try Self.omnivoreArchive([
            ("metadata_20_to_21.json", second), ("metadata_0_to_20.json", first),
            ("content/first-post.html", "<div><p>Omnivore's readable copy.</p></div>"),
            ("content/third.html", "<p>Third's copy.</p>"),
            ("highlights/first-post.md", "> A highlight [⤴️](https://omnivore.app/x)\n\nA note on it"),
        ])
        defer { unlink(path) }
        let document = try ImportReader.read(path: path)
        #expect(document.format == .omnivoreZIP)
        #expect(document.items.map(\.url) == ["https://example.org/1", "https://example.org/4", "https://example.org/3"])
        let one = document.items[0]
        #expect(one.title == "First, \"quoted\"" && one.archived && one.tags == ["Reading", "日本語"])
        #expect(one.readingProgress == 0.42)
        #expect(one.savedAt == ISO8601DateFormatter().date(from: "2024-01-02T03:04:05Z"))
        #expect(one.content == .archived(entry: "content/first-post.html"))
        #expect(one.note.contains("A highlight") && one.note.contains("A note on it"))
        #expect(document.items[1].content == nil && document.items[1].readingProgress == 1 && document.items[1].tags.isEmpty)
        #expect(document.refused.map(\.reason) == ["deleted in Omnivore", "not a web address (data:)"])
        let reader = ImportContentReader(document)
        #expect(reader.html(try #require(one.content)) == "<div><p>Omnivore's readable copy.</p></div>")
    }

    @Test("a ZIP that is not Omnivore's, a bomb inside one, and --format against the file are clear errors")
    func omnivoreRefusals() throws {
        let other = try Self.omnivoreArchive([("readme.txt", "hello")])
        defer { unlink(other) }
        #expect(throws: ImportError.self) { try ImportReader.read(path: other) }

        let bombPath = NSTemporaryDirectory() + "bomb-\(UUID().uuidString).zip"
        defer { unlink(bombPath) }
        let writer = try ZipWriter(path: bombPath)
        try writer.add("metadata_0_to_20.json", bytes: [UInt8](repeating: 0x20, count: 8 << 20))
        try writer.finish()
        #expect(throws: ImportError.archive(.bomb("metadata_0_to_20.json"))) { try ImportReader.read(path: bombPath) }

        let escaping = try RawZip.file([
            RawZip.Entry(name: "metadata_0_to_1.json", bytes: Array("[]".utf8)),
            RawZip.Entry(name: "../../etc/passwd", bytes: Array("x".utf8)),
        ])
        defer { unlink(escaping) }
        #expect(throws: ImportError.archive(.unsafeName("../../etc/passwd"))) { try ImportReader.read(path: escaping) }

        let csv = try Self.write("title,url,time_added,tags,status\nA,https://example.com/a,1,,unread\n", suffix: ".csv")
        defer { unlink(csv) }
        #expect(throws: ImportError.wrongFormat(expected: .omnivoreZIP)) { try ImportReader.read(path: csv, format: .omnivoreZIP) }
        let valid = try Self.omnivoreArchive([("metadata_0_to_1.json", "[]")])
        defer { unlink(valid) }
        #expect(throws: ImportError.wrongFormat(expected: .pocketCSV)) { try ImportReader.read(path: valid, format: .pocketCSV) }
    }

    @Test("a file over the size limit is refused before it is read (a sparse 2 GB file)")
    func hugeFile() throws {
        let path = NSTemporaryDirectory() + "huge-\(UUID().uuidString).csv"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("url\n".utf8)))
        defer { unlink(path) }
        #expect(truncate(path, 2 << 30) == 0)
        #expect(throws: ImportError.tooLarge(limit: ImportReader.maximumBytes)) { try ImportReader.read(path: path) }
    }
}
