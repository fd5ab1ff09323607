/// Numeric hosts written other than as a dotted quad (`2130706433`, `0x7f000001`, `127.1`, `0177.0.0.1`):
/// resolvers read them as IPv4 addresses, and no legitimate page uses them.
enum HostSpelling {
    /// Whether `host` (as written in the URL, without brackets) would be read as an IPv4 number but is
    /// not a canonical dotted quad. Follows the WHATWG rule: a host whose last label is a decimal or
    /// `0x` hexadecimal number is an IPv4 address.
    static func isOddNumericHost(_ host: String) -> Bool {
        // An IPv6 literal (with or without brackets) is judged as an address, not here.
        if host.contains(":") || host.contains("[") { return false }
        var labels = host.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        if labels.count > 1, labels.last?.isEmpty == true { labels.removeLast() }
        guard let last = labels.last, !last.isEmpty else { return false }
        let digits = last.hasPrefix("0x") ? last.dropFirst(2) : last
        let isHex = last.hasPrefix("0x")
        let numeric = digits.allSatisfy { isHex ? $0.isHexDigit : ($0.isASCII && $0.isNumber) }
        guard numeric else { return false }
        return IPAddress.parseIPv4(Substring(host)) == nil
    }
}
