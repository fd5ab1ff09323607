/// What the fetcher allows: which addresses and ports, how many redirects, how long, how much.
public struct FetchPolicy: Sendable {
    /// Networks fetched from even though they are special-purpose (loopback in tests, an intranet);
    /// an address inside them may use any port.
    public var allowedNetworks: [IPNetwork]
    /// The ports a public address may be fetched on.
    public var allowedPorts: Set<Int>
    /// The most redirects one fetch follows.
    public var maxRedirects: Int
    /// Seconds for the whole fetch, every redirect hop included.
    public var totalTimeout: Double
    /// The most body bytes kept, counted after decompression.
    public var maxBodyBytes: Int
    /// The `User-Agent` sent.
    public var userAgent: String
    /// The `Accept-Language` sent, when set.
    public var acceptLanguage: String?

    /// A policy; every argument defaults to the standard one's value.
    public init(
        allowedNetworks: [IPNetwork] = [],
        allowedPorts: Set<Int> = [80, 443],
        maxRedirects: Int = 10,
        totalTimeout: Double = 20,
        maxBodyBytes: Int = 10 * 1024 * 1024,
        userAgent: String = "Satchel/1.0 (read-later; +https://github.com/satchel)",
        acceptLanguage: String? = nil
    ) {
        self.allowedNetworks = allowedNetworks
        self.allowedPorts = allowedPorts
        self.maxRedirects = maxRedirects
        self.totalTimeout = totalTimeout
        self.maxBodyBytes = maxBodyBytes
        self.userAgent = userAgent
        self.acceptLanguage = acceptLanguage
    }

    /// Public addresses on ports 80 and 443, 10 redirects, 20 seconds, 10 MiB.
    public static let standard = FetchPolicy()

    /// The most header bytes of one response.
    static let maxHeaderBytes = 64 * 1024
}
