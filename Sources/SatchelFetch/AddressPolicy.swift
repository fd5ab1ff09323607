/// Why an address may not be fetched from, or nil when it may.
public enum AddressPolicy {
    /// The reason `address` is refused ("loopback", "private network", …), or nil when it is a public
    /// address or inside one of the `allowed` networks.
    public static func refusal(for address: IPAddress, allowed: [IPNetwork]) -> String? {
        if allowed.contains(where: { $0.contains(address) }) { return nil }
        if let embedded = address.mappedIPv4 {
            // Connecting to ::ffff:a.b.c.d reaches a.b.c.d; no page needs the spelling, so it is refused
            // whatever a.b.c.d is, and the reason says what it would have reached.
            return refusedRanges.first(where: { $0.network.contains(embedded) }).map { "IPv4-mapped \($0.reason)" }
                ?? "IPv4-mapped"
        }
        if case .v6(let high, _) = address, high >> 48 == 0x2002 {
            // 6to4 carries an IPv4 address in bits 16 to 48; one that is refused stays refused.
            let embedded = IPAddress.v4(UInt32(truncatingIfNeeded: high >> 16))
            if let range = refusedRanges.first(where: { $0.network.contains(embedded) }) {
                return "6to4 \(range.reason)"
            }
        }
        return refusedRanges.first(where: { $0.network.contains(address) })?.reason
    }

    /// Every special-purpose range, most specific first, with the words a message uses for it.
    static let refusedRanges: [(network: IPNetwork, reason: String)] = ranges.map { (IPNetwork(cidr: $0.cidr)!, $0.reason) }

    private static let ranges: [(cidr: String, reason: String)] = [
        ("0.0.0.0/8", "\"this network\""),
        ("10.0.0.0/8", "private network"),
        ("100.64.0.0/10", "carrier-grade NAT"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local (cloud metadata)"),
        ("172.16.0.0/12", "private network"),
        ("192.0.0.0/24", "reserved (IETF protocol assignments)"),
        ("192.0.2.0/24", "documentation"),
        ("192.88.99.0/24", "reserved (6to4 relay)"),
        ("192.168.0.0/16", "private network"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("255.255.255.255/32", "broadcast"),
        ("240.0.0.0/4", "reserved"),
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("::/96", "IPv4-compatible (deprecated)"),
        ("64:ff9b::/96", "NAT64"),
        ("64:ff9b:1::/48", "NAT64"),
        ("100::/64", "discard-only"),
        ("2001:db8::/32", "documentation"),
        ("2001::/23", "special-purpose"),
        ("fc00::/7", "unique local (private network)"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local"),
        ("ff00::/8", "multicast"),
    ]
}
