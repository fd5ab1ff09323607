/// A CIDR network, e.g. 10.0.0.0/8 or fd00::/8.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the network (its host bits are zero).
    public let address: IPAddress
    /// The number of leading bits every address of the network shares.
    public let prefixLength: Int

    /// Parses `address/prefix`; an address alone means the one address (/32 or /128). Nil when the text
    /// is not an address, the prefix is out of range or written oddly, or host bits are set (`10.0.0.1/8`).
    public init?(cidr: String) {
        let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(String(parts[0])) else { return nil }
        let maximum = address.bitWidth
        var prefix = maximum
        if parts.count == 2 {
            let text = parts[1]
            guard (1...3).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }),
                  text.count == 1 || text.first != "0", let value = Int(text), value <= maximum
            else { return nil }
            prefix = value
        }
        guard address.masked(to: prefix) == address else { return nil }
        self.address = address
        self.prefixLength = prefix
    }

    /// Whether `address` is in this network (an IPv4 address is never in an IPv6 network, nor the reverse).
    public func contains(_ address: IPAddress) -> Bool {
        switch (self.address, address) {
        case (.v4, .v4), (.v6, .v6):
            return address.masked(to: prefixLength) == self.address
        default:
            return false
        }
    }

    /// `address/prefix`.
    public var description: String { "\(address)/\(prefixLength)" }

    /// Parses a comma- or space-separated list of networks; throws ``FetchError/invalidAllowList(_:)``
    /// naming the first item that is not one. An empty text is an empty list.
    public static func parseList(_ text: String) throws -> [IPNetwork] {
        let items = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" })
        return try items.map { item in
            guard let network = IPNetwork(cidr: String(item)) else { throw FetchError.invalidAllowList(String(item)) }
            return network
        }
    }
}

extension IPAddress {
    /// 32 or 128.
    var bitWidth: Int {
        if case .v4 = self { return 32 }
        return 128
    }

    /// The address with every bit after the first `prefix` bits cleared.
    func masked(to prefix: Int) -> IPAddress {
        switch self {
        case .v4(let value):
            return .v4(prefix <= 0 ? 0 : prefix >= 32 ? value : value & ~(UInt32.max >> UInt32(prefix)))
        case .v6(let high, let low):
            func mask(_ half: UInt64, _ bits: Int) -> UInt64 {
                bits <= 0 ? 0 : bits >= 64 ? half : half & ~(UInt64.max >> UInt64(bits))
            }
            return .v6(mask(high, prefix), mask(low, prefix - 64))
        }
    }
}
