import Foundation
import SatchelShared
import Testing
@testable import SatchelClient

/// The client's file cache on real files: content-addressed, checked, resumable, evicting by budget.
@Suite("Blob cache")
struct BlobCacheTests {
    /// A cache beside a throwaway database path, and a folder for source files; both removed afterwards.
    static func withCache(_ body: (BlobCache, String) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-blobs-\(UUID())").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try body(try BlobCache(databasePath: root + "/db.sqlite"), root)
    }

    static func write(_ text: String, to path: String) -> String {
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test("a file enters under its SHA-256 and reads back byte for byte")
    func insert() throws {
        try Self.withCache { cache, root in
            let (digest, size) = try cache.insert(copying: Self.write("hello", to: root + "/hello.txt"))
            #expect(digest.text == "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
            #expect(size == 5 && cache.contains(digest) && cache.size(of: digest) == 5)
            #expect(cache.path(for: digest).hasSuffix("/2c/f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))
            #expect(FileManager.default.contents(atPath: cache.path(for: digest)) == Data("hello".utf8))
            #expect(cache.verify(digest))
        }
    }

    @Test("a damaged cache file is detected and removed, to be fetched again")
    func damaged() throws {
        try Self.withCache { cache, root in
            let (digest, _) = try cache.insert(copying: Self.write("original bytes", to: root + "/a"))
            _ = Self.write("tampered bytes", to: cache.path(for: digest))
            #expect(!cache.verify(digest))
            #expect(!cache.contains(digest))
        }
    }

    @Test("a download's bytes enter only when they hash to the digest")
    func partials() throws {
        try Self.withCache { cache, root in
            let (digest, _) = try cache.insert(copying: Self.write("payload", to: root + "/p"))
            try FileManager.default.removeItem(atPath: cache.path(for: digest))
            _ = Self.write("not the payload", to: cache.partialPath(for: digest))
            #expect(throws: BlobCacheError.self) { try cache.commitPartial(digest) }
            #expect(!cache.contains(digest) && !FileManager.default.fileExists(atPath: cache.partialPath(for: digest)))
            _ = Self.write("payload", to: cache.partialPath(for: digest))
            try cache.commitPartial(digest)
            #expect(cache.contains(digest) && cache.verify(digest))
        }
    }

    @Test("over budget, unpinned files go least recently used first; pinned ones stay")
    func eviction() throws {
        try Self.withCache { cache, root in
            var digests: [BlobDigest] = []
            for index in 0..<4 {
                let (digest, _) = try cache.insert(copying: Self.write(String(repeating: "\(index)", count: 100), to: root + "/f\(index)"))
                try FileManager.default.setAttributes(
                    [.modificationDate: Date(timeIntervalSinceNow: Double(index - 10) * 60)], ofItemAtPath: cache.path(for: digest))
                digests.append(digest)
            }
            // Oldest first: 0, 1, 2, 3. Pin 0; a 250-byte budget keeps two files.
            let evicted = cache.evict(keeping: [digests[0]], budget: 250)
            #expect(evicted == 2)
            #expect(cache.contains(digests[0]) && !cache.contains(digests[1]) && !cache.contains(digests[2]) && cache.contains(digests[3]))
            #expect(cache.entries().count == 2)
        }
    }

    @Test("a file that cannot be read is a clear error, and nothing is left behind")
    func unreadable() throws {
        try Self.withCache { cache, root in
            #expect(throws: LocalStoreError.self) { try cache.insert(copying: root + "/missing") }
            #expect(cache.entries().isEmpty)
            let partial = try FileManager.default.contentsOfDirectory(atPath: cache.directory + "/partial")
            #expect(partial.isEmpty)
        }
    }
}
