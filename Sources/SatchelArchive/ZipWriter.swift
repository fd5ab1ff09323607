import CZip
import Foundation

/// Writes a ZIP archive into a file: entries from memory or from files on disk (streamed, not loaded),
/// deflated or stored. The archive is written next to its destination and renamed into place by
/// ``finish()``, so a cut export never leaves a half archive under the name asked for.
///
/// Not thread-safe: one writer is used by one task at a time.
public final class ZipWriter {
    private let destination: String
    private let temporary: String
    private var archive: OpaquePointer?
    private var names = Set<String>()
    private let modified: time_t

    /// Starts an archive that ``finish()`` will put at `path`; every entry gets `modified` as its time.
    public init(path: String, modified: Date = Date()) throws(ArchiveError) {
        destination = path
        temporary = path + ".partial-\(UInt32.random(in: 0...UInt32.max))"
        self.modified = time_t(modified.timeIntervalSince1970)
        var code: Int32 = 0
        guard let archive = zip_open(temporary, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            throw .cannotWrite("cannot create \(path) (error \(code))")
        }
        self.archive = archive
    }

    deinit {
        if let archive {
            zip_discard(archive)
            unlink(temporary)
        }
    }

    /// Adds `bytes` as `name`; `compressed` false stores them as they are (an EPUB's `mimetype` must be).
    public func add(_ name: String, bytes: [UInt8], compressed: Bool = true) throws(ArchiveError) {
        let archive = try open(name)
        // libzip reads the bytes when the archive is closed: it gets a copy of its own and frees it.
        let copy = malloc(max(bytes.count, 1))!
        bytes.withUnsafeBytes { if let base = $0.baseAddress { copy.copyMemory(from: base, byteCount: bytes.count) } }
        guard let source = zip_source_buffer(archive, copy, zip_uint64_t(bytes.count), 1) else {
            free(copy)
            throw .cannotWrite("\(name): \(lastError())")
        }
        try insert(name, source: source, compressed: compressed, into: archive)
    }

    /// Adds the file at `path` as `name`, read when the archive is written (never held in memory).
    public func addFile(_ name: String, path: String, compressed: Bool = true) throws(ArchiveError) {
        let archive = try open(name)
        guard let source = zip_source_file(archive, path, 0, 0) else {
            throw .cannotWrite("\(name): \(lastError())")
        }
        try insert(name, source: source, compressed: compressed, into: archive)
    }

    /// Writes the archive and moves it to its path.
    public func finish() throws(ArchiveError) {
        guard let archive else { throw .cannotWrite("the archive was already finished") }
        guard zip_close(archive) == 0 else {
            let message = lastError()
            zip_discard(archive)
            self.archive = nil
            unlink(temporary)
            throw .cannotWrite(message)
        }
        self.archive = nil
        guard rename(temporary, destination) == 0 else {
            unlink(temporary)
            throw .cannotWrite("cannot move the archive to \(destination)")
        }
    }

    private func open(_ name: String) throws(ArchiveError) -> OpaquePointer {
        guard let archive else { throw .cannotWrite("the archive was already finished") }
        guard EntryName.isSafe(name) else { throw .unsafeName(name) }
        guard names.insert(name).inserted else { throw .cannotWrite("two entries are named \(name)") }
        return archive
    }

    private func insert(_ name: String, source: OpaquePointer, compressed: Bool, into archive: OpaquePointer) throws(ArchiveError) {
        let index = zip_file_add(archive, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
        guard index >= 0 else {
            zip_source_free(source)
            throw .cannotWrite("\(name): \(lastError())")
        }
        let method = compressed ? ZIP_CM_DEFLATE : ZIP_CM_STORE
        guard zip_set_file_compression(archive, zip_uint64_t(index), method, 0) == 0,
              zip_file_set_mtime(archive, zip_uint64_t(index), modified, 0) == 0
        else { throw .cannotWrite("\(name): \(lastError())") }
    }

    private func lastError() -> String {
        guard let archive else { return "closed" }
        return String(cString: zip_error_strerror(zip_get_error(archive)))
    }
}
