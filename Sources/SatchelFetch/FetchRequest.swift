import Foundation

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
    /// Validators from an earlier fetch, sent as `If-None-Match` and `If-Modified-Since`: a `304 Not Modified`
    /// then comes back as a response (status 304, no body) instead of an error.
    public var conditional: ConditionalGET?
    /// Whether a final status outside 2xx comes back as a response (with its headers, `Retry-After` among them)
    /// instead of ``FetchError/httpStatus(_:)``.
    public var returnsErrorStatuses: Bool

    /// A request; `accept` defaults to HTML first, anything else after.
    public init(
        url: String, accept: String = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5", maxBytes: Int? = nil,
        resolve: [String] = [], conditional: ConditionalGET? = nil, returnsErrorStatuses: Bool = false
    ) {
        self.url = url
        self.accept = accept
        self.maxBytes = maxBytes
        self.resolve = resolve
        self.conditional = conditional
        self.returnsErrorStatuses = returnsErrorStatuses
    }
}

/// The validators of a conditional GET, as a server sent them (`ETag`, `Last-Modified`).
public struct ConditionalGET: Sendable, Equatable {
    /// The `ETag` to send as `If-None-Match`.
    public var etag: String?
    /// The `Last-Modified` to send as `If-Modified-Since`.
    public var lastModified: String?

    /// Validators; values that could not be sent safely (line breaks, controls, over 1 KiB) are dropped.
    public init(etag: String?, lastModified: String?) {
        self.etag = etag.flatMap(Self.safe)
        self.lastModified = lastModified.flatMap(Self.safe)
    }

    /// The header lines to send.
    var headerLines: [String] {
        (etag.map { ["If-None-Match: \($0)"] } ?? []) + (lastModified.map { ["If-Modified-Since: \($0)"] } ?? [])
    }

    /// `value` when it is one header value: printable, no line break, at most 1 KiB; else nil. (A stranger's
    /// server chose it: sending it back must not add a header.)
    static func safe(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 1024,
              trimmed.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else { return nil }
        return trimmed
    }
}
