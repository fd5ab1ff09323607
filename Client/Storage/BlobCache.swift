import Crypto
import Foundation
import SatchelShared

/// The blobs on this machine: files beside the local database named by their digest
/// (`<database>.blobs/ab/cdef…`). A file enters only once its bytes hash to its name, through a temporary
/// file that is flushed and then renamed, so a kill at any moment leaves either the whole blob or none.
/// Unpinned blobs are evicted least recently used first when the cache is over its byte budget.
final class BlobCache: Sendable {
    /// The cache's folder.
    let directory: String

    /// Opens (creating if needed) the cache of the database at `databasePath`.
    init(databasePath: String) throws {
        directory = databasePath + ".blobs"
        try FileManager.default.createDirectory(atPath: directory + "/partial", withIntermediateDirectories: true)
    }

    /// Stores bytes fetched in memory when they hash to `digest` (a download needs no flush: a torn file
    /// would fail its check on use and be fetched again); otherwise nothing is kept.
    func store(_ bytes: Data, as digest: BlobDigest) throws {
        guard BlobDigest(sha256: SHA256.hash(data: bytes)) == digest else { throw BlobCacheError.damaged(digest) }
        let staging = "\(directory)/partial/fetch-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: staging, contents: bytes) else {
            throw LocalStoreError.invalid("Cannot write to \(directory) (is the disk full?).")
        }
        do { try place(staging, as: digest) } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// Where the blob `digest` lives when cached.
    func path(for digest: BlobDigest) -> String {
        let hex = digest.hex
        return "\(directory)/\(hex.prefix(2))/\(hex.dropFirst(2))"
    }

    /// Where a download of `digest` collects its bytes until they are checked (kept across runs, to resume).
    func partialPath(for digest: BlobDigest) -> String { "\(directory)/partial/\(digest.hex)" }

    /// Whether the blob is cached.
    func contains(_ digest: BlobDigest) -> Bool { FileManager.default.fileExists(atPath: path(for: digest)) }

    /// The size of a cached blob.
    func size(of digest: BlobDigest) -> Int64? { Self.fileSize(path(for: digest)) }

    /// Copies the file at `source` into the cache, hashing it on the way; returns its digest and size.
    func insert(copying source: String) throws -> (digest: BlobDigest, size: Int64) {
        let staging = "\(directory)/partial/import-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: staging) }
        guard let input = fopen(source, "rb") else { throw LocalStoreError.invalid("Cannot read \(source).") }
        defer { fclose(input) }
        guard let output = fopen(staging, "wb") else { throw LocalStoreError.invalid("Cannot write to \(directory).") }
        var hasher = SHA256(), size: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var failed = false
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, input) }
            if count == 0 { break }
            buffer.withUnsafeBytes { raw in
                let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<count])
                hasher.update(bufferPointer: chunk)
                if fwrite(chunk.baseAddress, 1, count, output) != count { failed = true }
            }
            size += Int64(count)
        }
        let readFailed = ferror(input) != 0
        if fflush(output) != 0 || fsync(fileno(output)) != 0 { failed = true }
        fclose(output)
        if readFailed { throw LocalStoreError.invalid("Reading \(source) failed.") }
        if failed { throw LocalStoreError.invalid("Writing to \(directory) failed (is the disk full?).") }
        let digest = BlobDigest(sha256: hasher.finalize())
        try place(staging, as: digest)
        return (digest, size)
    }

    /// A fresh path in the cache's staging folder, for a file to ``adopt(_:as:)`` (same file system).
    func stagingPath() -> String { "\(directory)/partial/stage-\(UUID().uuidString)" }

    /// Moves the file at `staged` (a ``stagingPath()``) into the cache when its bytes hash to `digest`;
    /// otherwise it is deleted and ``BlobCacheError/damaged(_:)`` thrown.
    func adopt(_ staged: String, as digest: BlobDigest) throws {
        guard try Self.digest(ofFile: staged) == digest else {
            try? FileManager.default.removeItem(atPath: staged)
            throw BlobCacheError.damaged(digest)
        }
        do { try place(staged, as: digest) } catch {
            try? FileManager.default.removeItem(atPath: staged)
            throw error
        }
    }

    /// Moves a finished download into place when its bytes hash to `digest`; a file that does not is
    /// deleted and the download must start again.
    func commitPartial(_ digest: BlobDigest) throws {
        let partial = partialPath(for: digest)
        guard try Self.digest(ofFile: partial) == digest else {
            try? FileManager.default.removeItem(atPath: partial)
            throw BlobCacheError.damaged(digest)
        }
        try place(partial, as: digest)
    }

    /// Whether the cached file still hashes to its name; a damaged file is deleted (to be fetched again).
    func verify(_ digest: BlobDigest) -> Bool {
        let file = path(for: digest)
        guard let actual = try? Self.digest(ofFile: file), actual == digest else {
            try? FileManager.default.removeItem(atPath: file)
            return false
        }
        return true
    }

    /// Marks the blob as just used (eviction keeps recently used blobs longest).
    func touch(_ digest: BlobDigest) {
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path(for: digest))
    }

    /// Every cached blob with its size and last use (one `stat` each: this runs after every sync).
    func entries() -> [(digest: BlobDigest, size: Int64, usedAt: Date)] {
        let files = FileManager.default
        guard let shards = try? files.contentsOfDirectory(atPath: directory) else { return [] }
        var found: [(BlobDigest, Int64, Date)] = []
        for shard in shards where shard.utf8.count == 2 {
            for name in (try? files.contentsOfDirectory(atPath: "\(directory)/\(shard)")) ?? [] {
                var status = stat()
                guard let digest = BlobDigest(BlobDigest.prefix + shard + name),
                      stat("\(directory)/\(shard)/\(name)", &status) == 0
                else { continue }
                let used = Date(timeIntervalSince1970: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9)
                found.append((digest, Int64(status.st_size), used))
            }
        }
        return found
    }

    /// Deletes unpinned blobs, least recently used first, until the cache holds at most `budget` bytes;
    /// returns how many it deleted. Pinned blobs stay even over budget.
    @discardableResult
    func evict(keeping pinned: Set<BlobDigest>, budget: Int64) -> Int {
        let all = entries()
        var total = all.reduce(0) { $0 + $1.size }
        var deleted = 0
        for entry in all.sorted(by: { $0.usedAt < $1.usedAt }) where total > budget && !pinned.contains(entry.digest) {
            if (try? FileManager.default.removeItem(atPath: path(for: entry.digest))) != nil {
                total -= entry.size
                deleted += 1
            }
        }
        return deleted
    }

    /// Renames a flushed file into the blob's place (its shard folder made on demand).
    private func place(_ file: String, as digest: BlobDigest) throws {
        let target = path(for: digest)
        if rename(file, target) == 0 { return }
        // The shard folder is made on first use.
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard rename(file, target) == 0 else { throw LocalStoreError.invalid("Cannot store a file in \(directory).") }
    }

    /// The SHA-256 digest of a file, read a megabyte at a time.
    static func digest(ofFile path: String) throws -> BlobDigest {
        guard let input = fopen(path, "rb") else { throw BlobCacheError.unreadable(path) }
        defer { fclose(input) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, input) }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        guard ferror(input) == 0 else { throw BlobCacheError.unreadable(path) }
        return BlobDigest(sha256: hasher.finalize())
    }

    /// A file's size, `nil` when it does not exist.
    static func fileSize(_ path: String) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
    }
}

/// A cache file that is not what its name says.
enum BlobCacheError: Error, Sendable, CustomStringConvertible {
    /// The bytes do not hash to the digest (a damaged file or a wrong download); it was deleted.
    case damaged(BlobDigest)
    /// The file cannot be read.
    case unreadable(String)

    var description: String {
        switch self {
        case .damaged(let digest): "the bytes of \(digest) did not match their digest; they were discarded"
        case .unreadable(let path): "cannot read \(path)"
        }
    }
}
