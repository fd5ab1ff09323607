/// Addresses written into XHTML for strict readers (EPUB checkers parse every `href` as a URI): only
/// `http`, `https` and `mailto`, with every character a URI cannot hold percent-encoded.
public enum LinkAddress {
    /// `url` as a strict URI when it is an absolute `http(s)` or `mailto` address, else nil. Non-ASCII
    /// characters, spaces and the other characters RFC 3986 does not allow become `%XX`; a `%` not followed by
    /// two hex digits becomes `%25`; a second `#` becomes `%23`. A host with other characters or a `%` (an
    /// internationalized name not in its `xn--` form) gives nil: it would need IDNA.
    ///
    ///     LinkAddress.uri("https://x.example/a b?q=é#f#g")  // https://x.example/a%20b?q=%C3%A9#f%23g
    public static func uri(_ url: String) -> String? {
        let scheme = url.prefix { $0 != ":" }.lowercased()
        guard scheme.count < url.count, ["http", "https", "mailto"].contains(scheme) else { return nil }
        if scheme != "mailto" {
            let rest = url.dropFirst(scheme.count + 1)
            guard rest.hasPrefix("//"), rest.dropFirst(2).first.map({ $0 != "/" && $0 != "?" && $0 != "#" }) == true
            else { return nil }
        }
        let bytes = Array(url.utf8)
        var result = scheme
        var index = scheme.utf8.count
        var authorityEnds = scheme == "mailto" ? index : nil as Int?
        var seenFragment = false
        while index < bytes.count {
            let byte = bytes[index]
            if authorityEnds == nil, index > scheme.utf8.count + 3, byte == 0x2F || byte == 0x3F || byte == 0x23 {
                authorityEnds = index
            }
            // A host must be plain ASCII: an internationalized or percent-encoded one would need IDNA.
            if authorityEnds == nil, byte == 0x25 || !(isAllowed(byte) || byte == 0x5B || byte == 0x5D) { return nil }
            switch byte {
            case 0x25 where index + 2 < bytes.count && isHex(bytes[index + 1]) && isHex(bytes[index + 2]):
                result += "%"
            case 0x23 where !seenFragment:
                seenFragment = true
                result += "#"
            case 0x5B where authorityEnds == nil, 0x5D where authorityEnds == nil:
                result.unicodeScalars.append(Unicode.Scalar(byte))  // an IPv6 literal's brackets
            case _ where isAllowed(byte):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
            }
            index += 1
        }
        return result
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    private static func isHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// Unreserved and reserved characters that may stand as they are (not `%`, `#`, `[`, `]`).
    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case _ where Array("-._~:/?@!$&'()*+,;=".utf8).contains(byte): true
        default: false
        }
    }
}
