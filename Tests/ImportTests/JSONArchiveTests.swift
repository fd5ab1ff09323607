import Foundation
import SatchelArchive
import SatchelExport
import SatchelImport
import SatchelShared
import Testing

@Suite("The JSON export with its files")
struct JSONArchiveTests {
    @Test("satchel.json first, each file once by digest, a missing one listed; read back as satchel-zip, files copied out")
    func roundTrip() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-zip-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Data("the readable copy".utf8)
        let source = folder.appendingPathComponent("copy.json")
        try bytes.write(to: source)
        let present = Attachment(digest: BlobDigest(sha256: Array(repeating: 5, count: 32)), size: Int64(bytes.count), mediaType: "application/json", name: "article.json")
        let absent = Attachment(digest: BlobDigest(sha256: Array(repeating: 7, count: 32)), size: 3, mediaType: "image/png", name: "a.png")
        let saved = Date(timeIntervalSince1970: 1_700_000_000)
        let articles = [
            SavedArticle(id: UUID(), url: "https://example.com/a", title: "A", savedAt: saved, updatedAt: saved, attachments: [present, absent], captureStatus: .captured, captureDigest: present.digest),
            SavedArticle(id: UUID(), url: "https://example.com/b", title: "B", savedAt: saved, updatedAt: saved, attachments: [present]),
            SavedArticle(id: UUID(), url: "urn:" + present.digest.text, title: "File", savedAt: saved, updatedAt: saved, attachments: [present]),
        ]
        let path = folder.appendingPathComponent("export.zip").path
        let summary = try await JSONArchive.write(articles, exportedAt: saved, to: path) { attachment in
            attachment.digest == present.digest ? source.path : nil
        }
        #expect(summary.files == 1 && summary.bytes == Int64(bytes.count) && summary.missing == [absent])
        let archive = try ZipReader(path: path)
        #expect(archive.entries.map(\.name) == ["satchel.json", "files/sha256-" + present.digest.hex])

        let document = try ImportReader.read(path: path)
        #expect(document.format == .satchelZIP && document.items.count == 3 && document.refused.isEmpty)
        #expect(document.items.first?.record?.attachments == [present, absent])
        let reader = ImportContentReader(document)
        let out = folder.appendingPathComponent("out").path
        #expect(reader.copyFile(present.digest, to: out) == nil)
        #expect(FileManager.default.contents(atPath: out) == bytes)
        #expect(reader.copyFile(absent.digest, to: out) == "it is not in the archive")
        #expect(throws: ImportError.wrongFormat(expected: .satchelZIP)) { try ImportReader.read(Data("{}".utf8), format: .satchelZIP) }

        // The same JSON alone cannot bring back a file saved from disk.
        let plain = try ImportReader.read(try ArticleExport.json(articles, exportedAt: saved))
        #expect(plain.items.count == 2 && plain.refused.first?.url.hasPrefix("urn:sha256:") == true)
    }
}
