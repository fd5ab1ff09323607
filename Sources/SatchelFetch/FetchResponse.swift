/// What a successful fetch brought back.
public struct FetchResponse: Sendable {
    /// The URL asked for.
    public var requestedURL: String
    /// The URL the body came from, after redirects.
    public var finalURL: String
    /// Every hop's URL after the first, in order.
    public var redirects: [String]
    /// The final status (2xx).
    public var status: Int
    /// The `Content-Type` without parameters, lowercased (`text/html`).
    public var mediaType: String?
    /// The `charset` parameter of the `Content-Type`, if any.
    public var charset: String?
    /// The final response's headers, names lowercased (a repeated name keeps its last value).
    public var headers: [String: String]
    /// The body, decompressed.
    public var body: [UInt8]
    /// Bytes received over every hop: headers and the body as sent (compressed).
    public var bytesOnWire: Int

    /// A response.
    public init(
        requestedURL: String, finalURL: String, redirects: [String], status: Int, mediaType: String?,
        charset: String?, headers: [String: String], body: [UInt8], bytesOnWire: Int
    ) {
        self.requestedURL = requestedURL
        self.finalURL = finalURL
        self.redirects = redirects
        self.status = status
        self.mediaType = mediaType
        self.charset = charset
        self.headers = headers
        self.body = body
        self.bytesOnWire = bytesOnWire
    }
}

extension FetchResponse {
    /// The media type (lowercased) and charset parameter of a `Content-Type` value.
    static func contentType(_ value: String?) -> (mediaType: String?, charset: String?) {
        guard let value else { return (nil, nil) }
        let parts = value.split(separator: ";").map { $0.trimmingASCIISpaces() }
        let media = parts.first.map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        var charset: String?
        for parameter in parts.dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            guard parameter[..<equals].trimmingASCIISpaces().lowercased() == "charset" else { continue }
            var text = parameter[parameter.index(after: equals)...].trimmingASCIISpaces()
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            if !text.isEmpty { charset = text }
        }
        return (media, charset)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line ends.
    func trimmingASCIISpaces() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
