/// How much one capture may fetch, beyond the page limits of the fetch policy.
public struct CaptureLimits: Sendable, Equatable {
    /// Images fetched at most per page (the rest keep their address on the web).
    public var maximumImages: Int
    /// Bytes per image.
    public var maximumImageBytes: Int
    /// Images fetched at once.
    public var parallelImages: Int
    /// Fewest words a page needs to count as an article.
    public var minimumWords: Int

    /// Creates limits; the defaults are 100 images of 5 MiB, 4 at once, 20 words.
    public init(maximumImages: Int = 100, maximumImageBytes: Int = 5 << 20, parallelImages: Int = 4, minimumWords: Int = 20) {
        self.maximumImages = maximumImages
        self.maximumImageBytes = maximumImageBytes
        self.parallelImages = parallelImages
        self.minimumWords = minimumWords
    }
}
