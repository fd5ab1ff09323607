/// One page or image to fetch.
public struct FetchRequest: Sendable {
    /// The absolute http or https URL.
    public var url: String
    /// The `Accept` sent.
    public var accept: String
    /// The most body bytes kept, instead of the policy's (images use 5 MiB).
    public var maxBytes: Int?
    /// curl `RESOLVE` entries, `host:port:address[,address]`: makes a name resolve to given addresses (for tests).
    public var resolve: [String]

    /// A request; `accept` defaults to HTML first, anything else after.
    public init(
        url: String, accept: String = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5", maxBytes: Int? = nil,
        resolve: [String] = []
    ) {
        self.url = url
        self.accept = accept
        self.maxBytes = maxBytes
        self.resolve = resolve
    }
}
