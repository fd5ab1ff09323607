/// One entry of a ZIP archive, as its directory lists it.
public struct ArchiveEntry: Sendable, Equatable {
    /// Its index in the archive.
    public var index: Int
    /// Its path inside the archive (checked by ``EntryName``).
    public var name: String
    /// Uncompressed size, as the directory declares it.
    public var size: Int64
    /// Compressed size.
    public var compressedSize: Int64

    /// Whether it is a folder rather than a file.
    public var isDirectory: Bool { name.hasSuffix("/") }
}
