import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The SQLite store's blob bytes, as files beside the database in `<database>.blobs/`: committed blobs at
/// `<user>/<first 2 hex>/<64 hex>`, stages at `uploads/<user>/<stage id>`. Files are written, fsync'd and
/// renamed into place, and the folder is fsync'd after a rename. Reads hand over bounded chunks.
struct SQLiteBlobFiles: Sendable {
    /// The folder holding every blob file.
    let root: String

    /// The committed blob's path.
    func blobPath(user: String, digest: Substring) -> String {
        "\(root)/\(user)/\(digest.prefix(2))/\(digest)"
    }

    /// The stage's path; `nil` for an id that is not plain ASCII letters and digits (never a path).
    func stagePath(user: String, id: String) -> String? {
        guard !id.isEmpty, id.utf8.count <= 64, id.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) })
        else { return nil }
        return "\(root)/uploads/\(user)/\(id)"
    }

    /// Writes `bytes` at `offset` of the file at `path`, creating it. A file longer than `offset` (bytes
    /// written after the last flush, by a request that died) is cut back first; a shorter one is refused.
    func write(_ bytes: [UInt8], at offset: Int64, path: String) throws {
        try makeFolder(containing: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BlobFileError("open for writing", errno) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw BlobFileError("fstat", errno) }
        if Int64(status.st_size) < offset { throw BlobStoreError.offsetMismatch(current: Int64(status.st_size)) }
        if Int64(status.st_size) > offset, ftruncate(fd, off_t(offset)) != 0 { throw BlobFileError("ftruncate", errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset) + off_t(written)) }
            guard count > 0 else { throw BlobFileError("pwrite", errno) }
            written += count
        }
    }

    /// fsyncs the file at `path` (created empty when absent) and returns its size.
    func sync(path: String) throws -> Int64 {
        try makeFolder(containing: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BlobFileError("open for fsync", errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw BlobFileError("fsync", errno) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw BlobFileError("fstat", errno) }
        return Int64(status.st_size)
    }

    /// Moves a flushed stage file to its blob path and fsyncs the blob's folder.
    func install(stage: String, as blob: String) throws {
        try makeFolder(containing: blob)
        guard rename(stage, blob) == 0 else { throw BlobFileError("rename", errno) }
        syncFolder(containing: blob)
    }

    /// Deletes a file; nothing when it is absent.
    func remove(path: String) {
        unlink(path)
    }

    /// Streams `range` of the file at `path` in chunks of at most ``BlobStageRules/fileReadBytes``.
    /// The file is opened once, so a concurrent delete does not cut a read short.
    func read(path: String, range: Range<Int64>, consume: ([UInt8]) async throws -> Void) async throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BlobFileError("open for reading", errno) }
        defer { close(fd) }
        var position = range.lowerBound
        var buffer = [UInt8](repeating: 0, count: BlobStageRules.fileReadBytes)
        while position < range.upperBound {
            let want = Int(min(Int64(buffer.count), range.upperBound - position))
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(position)) }
            guard count > 0 else { throw BlobFileError("pread", count == 0 ? EIO : errno) }
            try await consume(Array(buffer[..<count]))
            position += Int64(count)
        }
    }

    private func makeFolder(containing path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    private func syncFolder(containing path: String) {
        let fd = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

/// A blob file operation failed; the store turns it into ``StoreError/unavailable(_:)``.
struct BlobFileError: Error, CustomStringConvertible {
    let description: String
    init(_ call: String, _ code: Int32) { description = "\(call) failed: errno \(code)" }
}
