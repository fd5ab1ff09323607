/// Bounds on what reading a ZIP archive may cost: archives come from strangers.
public struct ArchiveLimits: Sendable {
    /// Most entries an archive may list.
    public var maximumEntries: Int
    /// Largest entry, uncompressed.
    public var maximumEntryBytes: Int64
    /// Largest total of the entries read, uncompressed.
    public var maximumTotalBytes: Int64
    /// Highest ratio of uncompressed to compressed size, for entries over 1 MiB (text deflates about 10:1;
    /// a ZIP bomb about 1,000:1).
    public var maximumRatio: Int64

    /// Limits for an export archive: 200,000 entries, 256 MiB an entry, 8 GiB in all, 200:1.
    public init(
        maximumEntries: Int = 200_000, maximumEntryBytes: Int64 = 256 << 20, maximumTotalBytes: Int64 = 8 << 30,
        maximumRatio: Int64 = 200
    ) {
        self.maximumEntries = maximumEntries
        self.maximumEntryBytes = maximumEntryBytes
        self.maximumTotalBytes = maximumTotalBytes
        self.maximumRatio = maximumRatio
    }
}
