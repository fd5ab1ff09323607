import CZip

/// Reads a ZIP archive written by a stranger: every entry name is checked before anything is read, and
/// every read is bounded by ``ArchiveLimits`` (entry size, total size, expansion ratio), so a ZIP bomb
/// or a `../` name is refused with an ``ArchiveError`` instead of filling the disk or the memory.
///
/// Not thread-safe: one reader is used by one task at a time.
public final class ZipReader {
    /// The archive's entries, in directory order.
    public let entries: [ArchiveEntry]
    private let archive: OpaquePointer
    private let indexByName: [String: Int]
    private let limits: ArchiveLimits
    private var totalRead: Int64 = 0

    /// Opens the archive at `path` and checks its directory.
    public init(path: String, limits: ArchiveLimits = ArchiveLimits()) throws(ArchiveError) {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY, &code) else {
            throw .notAnArchive(Self.message(code))
        }
        let count = zip_get_num_entries(archive, 0)
        guard count >= 0 else {
            zip_discard(archive)
            throw .notAnArchive("no directory")
        }
        guard count <= Int64(limits.maximumEntries) else {
            zip_discard(archive)
            throw .tooManyEntries(limit: limits.maximumEntries)
        }
        var found: [ArchiveEntry] = []
        found.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(archive, zip_uint64_t(index), 0, &stat) == 0, let rawName = stat.name else {
                zip_discard(archive)
                throw .notAnArchive("entry \(index + 1) cannot be read")
            }
            let name = String(cString: rawName)
            guard EntryName.isSafe(name) else {
                zip_discard(archive)
                throw .unsafeName(name)
            }
            if stat.encryption_method != 0 {
                zip_discard(archive)
                throw .encrypted(name)
            }
            found.append(ArchiveEntry(
                index: index, name: name, size: Int64(clamping: stat.size), compressedSize: Int64(clamping: stat.comp_size)))
        }
        self.archive = archive
        self.entries = found
        self.indexByName = Dictionary(found.map { ($0.name, $0.index) }, uniquingKeysWith: { first, _ in first })
        self.limits = limits
    }

    deinit {
        zip_discard(archive)
    }

    /// The entry named `name`, if the archive has one.
    public func entry(named name: String) -> ArchiveEntry? {
        indexByName[name].map { entries[$0] }
    }

    /// The whole content of `entry`, at most ``ArchiveLimits/maximumEntryBytes``.
    public func data(of entry: ArchiveEntry) throws(ArchiveError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(entry.size, 1 << 24)))
        try read(entry) { chunk in bytes.append(contentsOf: chunk) }
        return bytes
    }

    /// Streams `entry` in chunks of up to 64 KiB to `consume`, checking every bound as it goes: the
    /// declared size and the real one, the entry and total limits, and the expansion ratio.
    public func read(_ entry: ArchiveEntry, _ consume: (UnsafeRawBufferPointer) throws(ArchiveError) -> Void) throws(ArchiveError) {
        try checkDeclared(entry)
        guard let file = zip_fopen_index(archive, zip_uint64_t(entry.index), 0) else {
            throw .damaged("\(entry.name.prefix(200)): \(String(cString: zip_error_strerror(zip_get_error(archive))))")
        }
        defer { zip_fclose(file) }
        let chunkSize = 64 << 10
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 8)
        defer { buffer.deallocate() }
        var readSoFar: Int64 = 0
        while true {
            let count = zip_fread(file, buffer.baseAddress!, zip_uint64_t(chunkSize))
            if count < 0 {
                throw .damaged("\(entry.name.prefix(200)): \(String(cString: zip_error_strerror(zip_file_get_error(file))))")
            }
            if count == 0 { break }
            readSoFar += count
            totalRead += count
            // libzip stops at the declared size; these bounds hold even if a damaged directory lies.
            guard readSoFar <= entry.size, readSoFar <= limits.maximumEntryBytes else {
                throw .tooLarge(entry.name, limit: limits.maximumEntryBytes)
            }
            guard totalRead <= limits.maximumTotalBytes else { throw .tooLarge("the archive", limit: limits.maximumTotalBytes) }
            try consume(UnsafeRawBufferPointer(rebasing: buffer[0..<Int(count)]))
        }
        guard readSoFar == entry.size else { throw .damaged("\(entry.name.prefix(200)) is shorter than its directory says") }
    }

    private func checkDeclared(_ entry: ArchiveEntry) throws(ArchiveError) {
        guard entry.size <= limits.maximumEntryBytes else { throw .tooLarge(entry.name, limit: limits.maximumEntryBytes) }
        guard totalRead + entry.size <= limits.maximumTotalBytes else {
            throw .tooLarge("the archive", limit: limits.maximumTotalBytes)
        }
        if entry.size > 1 << 20, entry.size / max(entry.compressedSize, 1) > limits.maximumRatio {
            throw .bomb(entry.name)
        }
    }

    private static func message(_ code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}
