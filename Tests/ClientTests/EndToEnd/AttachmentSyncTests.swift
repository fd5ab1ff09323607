import Foundation
import SatchelShared
import Testing
@testable import SatchelClient

/// Files saved on one machine, read on another: uploaded before the record is pushed, fetched after the
/// pull for offline reading, checked against their digests, over real HTTP through libcurl.
@Suite("Attachments between two machines")
struct AttachmentSyncTests {
    /// `size` bytes of a PDF-looking file, different on every call.
    static func pdf(size: Int, in directory: URL) throws -> (path: String, bytes: Data) {
        var generator = SystemRandomNumberGenerator()
        var bytes = Data("%PDF-1.7\n".utf8)
        bytes.append(contentsOf: (0..<(size - bytes.count)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let path = directory.appendingPathComponent("paper-\(UUID()).pdf").path
        try bytes.write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    /// A store over B's database whose every request fails, as with the server stopped.
    static func offline(_ path: String) throws -> LocalStore {
        let stopped = SatchelAPI(transport: InMemoryTransport { _ in throw TransportError.network("the server is stopped") })
        return try LocalStore(path: path, server: stopped)
    }

    @Test("a PDF saved on A is read on B with the server stopped")
    func pdfReadOffline() async throws {
        try await TwoMachines.run { machines in
            let file = try Self.pdf(size: 300_000, in: machines.directory)
            let saved = try machines.a.saveFile(path: file.path, tags: ["Research"])
            let attachment = try #require(saved.attachments.first)
            #expect(attachment.mediaType == "application/pdf" && attachment.size == 300_000)
            #expect(attachment.name.hasSuffix(".pdf") && saved.url == "urn:" + attachment.digest.text)
            #expect(try machines.a.fileStatus().pendingUploads == 1)
            let pushed = try await machines.a.sync()
            #expect(pushed.pushed == 1 && pushed.rejected == 0)
            #expect(try machines.a.fileStatus().pendingUploads == 0)

            let pulled = try await machines.b.sync()
            #expect(pulled.pulled >= 1 && pulled.filesFetched == 1 && pulled.filesPending == 0)

            let offline = try Self.offline(machines.directory.appendingPathComponent("machine-b.sqlite").path)
            let article = try #require(try offline.article(saved.id)?.value)
            #expect(article.attachments == [attachment] && article.tags == ["research"])
            let out = machines.directory.appendingPathComponent("read-on-b.pdf").path
            try await offline.exportFile(attachment, to: out)
            #expect(FileManager.default.contents(atPath: out) == file.bytes)
        }
    }

    @Test("a file larger than one request goes through an upload session and arrives whole")
    func largeFile() async throws {
        try await TwoMachines.run { machines in
            let file = try Self.pdf(size: 20 << 20, in: machines.directory)
            let saved = try machines.a.saveFile(path: file.path)
            try await machines.a.sync()
            try await machines.b.sync()
            let attachment = try #require(saved.attachments.first)
            let path = try await machines.b.file(attachment)
            #expect(FileManager.default.contents(atPath: path) == file.bytes)
        }
    }

    @Test("a sync that moves no record skips the pass over pinned files; the next one that moves a record runs it")
    func settledPassSkipped() async throws {
        try await TwoMachines.run { machines in
            let file = try Self.pdf(size: 10_000, in: machines.directory)
            let saved = try machines.a.saveFile(path: file.path)
            try await machines.a.sync()
            #expect(try await machines.b.sync().filesFetched == 1)
            let attachment = try #require(saved.attachments.first)
            // Taken out of B's cache behind its back: a sync that moves nothing does not look.
            try FileManager.default.removeItem(atPath: machines.b.blobCache.path(for: attachment.digest))
            let idle = try await machines.b.sync()
            #expect(idle.pulled == 0 && idle.pushed == 0 && idle.filesFetched == 0)
            try machines.a.tag(saved.id, add: ["again"])
            try await machines.a.sync()
            let moved = try await machines.b.sync()
            #expect(moved.pulled == 1 && moved.filesFetched == 1)
        }
    }

    @Test("an archived article's file is not fetched after the sync, but on first use")
    func unpinnedOnDemand() async throws {
        try await TwoMachines.run { machines in
            let file = try Self.pdf(size: 50_000, in: machines.directory)
            let saved = try machines.a.saveFile(path: file.path)
            try machines.a.archive(saved.id)
            try await machines.a.sync()
            let pulled = try await machines.b.sync()
            #expect(pulled.filesFetched == 0)
            let attachment = try #require(saved.attachments.first)
            #expect(try machines.b.fileStatus().cachedFiles == 0)
            let path = try await machines.b.file(attachment)
            #expect(FileManager.default.contents(atPath: path) == file.bytes)
            #expect(try machines.b.fileStatus().cachedFiles == 1)
        }
    }

    @Test("a damaged file in B's cache is detected and fetched again")
    func damagedCacheRefetched() async throws {
        try await TwoMachines.run { machines in
            let file = try Self.pdf(size: 40_000, in: machines.directory)
            let saved = try machines.a.saveFile(path: file.path)
            try await machines.a.sync()
            try await machines.b.sync()
            let attachment = try #require(saved.attachments.first)
            let cached = machines.b.blobCache.path(for: attachment.digest)
            try Data(repeating: 0, count: 40_000).write(to: URL(fileURLWithPath: cached))
            let path = try await machines.b.file(attachment)
            #expect(FileManager.default.contents(atPath: path) == file.bytes)
        }
    }
}
