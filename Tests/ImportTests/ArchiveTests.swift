import Foundation
import SatchelArchive
import Testing

@Suite("ZIP archives: written whole, read within bounds, hostile ones refused")
struct ArchiveTests {
    static func temporaryPath(_ suffix: String = ".zip") -> String {
        NSTemporaryDirectory() + "archive-test-\(UUID().uuidString)\(suffix)"
    }

    @Test("entries written from memory and from a file read back byte for byte, stored or deflated")
    func roundTrip() throws {
        let path = Self.temporaryPath()
        defer { unlink(path) }
        let onDisk = Self.temporaryPath(".bin")
        defer { unlink(onDisk) }
        let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ ($0 >> 7)) }
        try Data(big).write(to: URL(fileURLWithPath: onDisk))
        let writer = try ZipWriter(path: path)
        try writer.add("mimetype", bytes: Array("application/epub+zip".utf8), compressed: false)
        try writer.add("folder/café.txt", bytes: Array("déjà vu\n".utf8))
        try writer.addFile("files/big.bin", path: onDisk)
        try writer.add("empty", bytes: [])
        #expect(!FileManager.default.fileExists(atPath: path), "nothing is at the path before the archive is finished")
        try writer.finish()

        let reader = try ZipReader(path: path)
        #expect(reader.entries.map(\.name) == ["mimetype", "folder/café.txt", "files/big.bin", "empty"])
        #expect(try reader.data(of: reader.entries[0]) == Array("application/epub+zip".utf8))
        #expect(reader.entries[0].compressedSize == reader.entries[0].size, "mimetype is stored")
        #expect(try reader.data(of: #require(reader.entry(named: "folder/café.txt"))) == Array("déjà vu\n".utf8))
        #expect(try reader.data(of: #require(reader.entry(named: "files/big.bin"))) == big)
        #expect(try reader.data(of: #require(reader.entry(named: "empty"))).isEmpty)
        // The EPUB rule: the first local header is "mimetype", stored, its content right after the name.
        let raw = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(String(decoding: raw[30..<38], as: UTF8.self) == "mimetype")
        #expect(String(decoding: raw[38..<58], as: UTF8.self) == "application/epub+zip")
    }

    @Test("a writer refuses unsafe and repeated names, and leaves nothing behind when dropped")
    func writerRefuses() throws {
        let path = Self.temporaryPath()
        do {
            let writer = try ZipWriter(path: path)
            for name in ["../escape", "/etc/passwd", "a/../../b", "c:\\x", "a\\b", "", "a\u{0}b", "./a", "a//b"] {
                #expect(throws: ArchiveError.self, "\(name)") { try writer.add(name, bytes: [1]) }
            }
            try writer.add("a", bytes: [1])
            #expect(throws: ArchiveError.self) { try writer.add("a", bytes: [2]) }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        let folder = (path as NSString).deletingLastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix((path as NSString).lastPathComponent) }
        #expect(leftovers.isEmpty)
    }

    @Test("entries named with ../ or an absolute path refuse the whole archive", arguments: [
        "../../.ssh/authorized_keys", "/etc/cron.d/job", "content/../../x", "C:/Windows/x", "a\\..\\b",
    ])
    func unsafeNames(_ name: String) throws {
        let path = try RawZip.file([RawZip.Entry(name: "ok.json", bytes: Array("[]".utf8)), RawZip.Entry(name: name, bytes: [1, 2])])
        defer { unlink(path) }
        #expect(throws: ArchiveError.unsafeName(name)) { try ZipReader(path: path) }
    }

    @Test("a ZIP bomb is refused before it expands")
    func bomb() throws {
        let path = Self.temporaryPath()
        defer { unlink(path) }
        let writer = try ZipWriter(path: path)
        try writer.add("metadata_0_to_20.json", bytes: [UInt8](repeating: 0x20, count: 8 << 20))
        try writer.finish()
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size < 40_000, "8 MiB of spaces deflate to \(size) bytes")
        let reader = try ZipReader(path: path)
        #expect(throws: ArchiveError.bomb("metadata_0_to_20.json")) { try reader.data(of: reader.entries[0]) }
    }

    @Test("entry and total limits hold, whatever the directory declares")
    func limits() throws {
        let path = try RawZip.file([
            RawZip.Entry(name: "a", bytes: [UInt8](repeating: 7, count: 3000)),
            RawZip.Entry(name: "b", bytes: [UInt8](repeating: 8, count: 3000)),
            RawZip.Entry(name: "liar", bytes: [UInt8](repeating: 9, count: 100), declaredSize: 10),
        ])
        defer { unlink(path) }
        let small = try ZipReader(path: path, limits: ArchiveLimits(maximumEntryBytes: 2000))
        #expect(throws: ArchiveError.tooLarge("a", limit: 2000)) { try small.data(of: small.entries[0]) }
        let total = try ZipReader(path: path, limits: ArchiveLimits(maximumTotalBytes: 5000))
        #expect(try total.data(of: total.entries[0]).count == 3000)
        #expect(throws: ArchiveError.tooLarge("the archive", limit: 5000)) { try total.data(of: total.entries[1]) }
        let reader = try ZipReader(path: path)
        #expect(throws: ArchiveError.self) { try reader.data(of: reader.entries[2]) }
        #expect(throws: ArchiveError.tooManyEntries(limit: 2)) { try ZipReader(path: path, limits: ArchiveLimits(maximumEntries: 2)) }
    }

    @Test("what is not a ZIP archive says so", arguments: [[UInt8](), Array("title,url\n".utf8), [0x50, 0x4B, 0x03, 0x04, 0, 0]])
    func notAnArchive(_ bytes: [UInt8]) throws {
        let path = Self.temporaryPath()
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        #expect(throws: ArchiveError.self) { try ZipReader(path: path) }
    }
}
