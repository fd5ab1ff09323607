import CCurl

/// A URL as curl reads it: the same parser that makes the request parses what is checked.
struct CurlURL {
    /// The whole URL, as curl writes it back.
    let text: String
    /// Lowercased.
    let scheme: String
    /// As curl reads it: lowercased, IPv6 in brackets, odd IPv4 spellings possibly normalised.
    let host: String
    /// The explicit port, or the scheme's default.
    let port: Int
    /// The host as written in the text it came from, when the text named one (nil for a relative reference).
    let writtenHost: String?

    /// Parses `text`, resolved against `base` when it is relative; nil when curl cannot make a URL of it.
    init?(_ text: String, relativeTo base: String? = nil) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        let flags = UInt32(CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE | CURLU_ALLOW_SPACE)
        if let base {
            guard curl_url_set(handle, CURLUPART_URL, base, flags) == CURLUE_OK else { return nil }
        }
        guard curl_url_set(handle, CURLUPART_URL, text, flags) == CURLUE_OK,
              let whole = Self.part(handle, CURLUPART_URL, 0),
              let scheme = Self.part(handle, CURLUPART_SCHEME, 0)
        else { return nil }
        // A URL without a host (file:///etc/passwd) still parses, so that its scheme is what gets refused.
        let host = Self.part(handle, CURLUPART_HOST, 0) ?? ""
        let port = Self.part(handle, CURLUPART_PORT, UInt32(CURLU_DEFAULT_PORT)).flatMap { Int($0) }
        self.text = whole
        self.scheme = scheme.lowercased()
        self.host = host.lowercased()
        self.port = port ?? (scheme.lowercased() == "https" ? 443 : 80)
        self.writtenHost = Self.writtenHost(in: text)
    }

    private static func part(_ handle: OpaquePointer, _ part: CURLUPart, _ flags: UInt32) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }

    /// The host of an absolute URL or a scheme-relative reference, as written (without brackets, port or
    /// user information); nil when the text names no host.
    static func writtenHost(in text: String) -> String? {
        let authorityStart: String.Index
        if let separator = text.firstRange(of: "://") {
            authorityStart = separator.upperBound
        } else if text.hasPrefix("//") {
            authorityStart = text.index(text.startIndex, offsetBy: 2)
        } else {
            return nil
        }
        let rest = text[authorityStart...]
        let end = rest.firstIndex(where: { "/?#\\".contains($0) }) ?? rest.endIndex
        var authority = rest[..<end]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return String(authority) }
            return String(authority[authority.index(after: authority.startIndex)..<close]).lowercased()
        }
        if let colon = authority.lastIndex(of: ":") { authority = authority[..<colon] }
        return authority.lowercased()
    }
}
