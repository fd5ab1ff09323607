/// An IPv4 or IPv6 address.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address, the first octet in the most significant byte.
    case v4(UInt32)
    /// An IPv6 address as its high and low 64 bits.
    case v6(UInt64, UInt64)

    /// Parses a strict dotted-quad IPv4 address or any RFC 4291 IPv6 text (with or without `[ ]`); nil otherwise.
    public init?(_ text: String) {
        if let value = Self.parseIPv4(Substring(text)) {
            self = .v4(value)
        } else if let (high, low) = Self.parseIPv6(text) {
            self = .v6(high, low)
        } else {
            return nil
        }
    }

    /// The address as the 4 or 16 bytes of network order.
    init?(networkBytes bytes: [UInt8]) {
        switch bytes.count {
        case 4:
            self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16:
            let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            self = .v6(high, low)
        default:
            return nil
        }
    }

    /// Dotted quad for IPv4; RFC 5952 text for IPv6 (lowercase, the longest zero run compressed,
    /// IPv4-mapped addresses with the IPv4 part dotted).
    public var description: String {
        switch self {
        case .v4(let value):
            return Self.dottedQuad(value)
        case .v6(let high, let low):
            if high == 0 && low >> 32 == 0xFFFF {
                return "::ffff:" + Self.dottedQuad(UInt32(truncatingIfNeeded: low))
            }
            return Self.ipv6Text(high, low)
        }
    }

    /// The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) carries, if it is one.
    var mappedIPv4: IPAddress? {
        guard case .v6(let high, let low) = self, high == 0, low >> 32 == 0xFFFF else { return nil }
        return .v4(UInt32(truncatingIfNeeded: low))
    }

    // MARK: Parsing

    /// Four decimal parts of 0 to 255, without signs or leading zeros.
    static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  part.count == 1 || part.first != "0", let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    /// RFC 4291 section 2.2 text: eight groups of 1 to 4 hex digits, one `::` for a run of zero groups,
    /// and optionally a dotted quad as the last 32 bits.
    static func parseIPv6(_ input: String) -> (UInt64, UInt64)? {
        var text = Substring(input)
        if text.hasPrefix("[") || text.hasSuffix("]") {
            guard text.hasPrefix("["), text.hasSuffix("]"), text.count >= 2 else { return nil }
            text = text.dropFirst().dropLast()
        }
        guard !text.isEmpty, text.count <= 45 else { return nil }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        guard let head = groups(Substring(halves[0]), allowIPv4: halves.count == 1) else { return nil }
        var words = head
        if halves.count == 2 {
            guard let tail = groups(Substring(halves[1]), allowIPv4: true), head.count + tail.count <= 7 else { return nil }
            words += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard words.count == 8 else { return nil }
        let high = words[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = words[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (high, low)
    }

    /// The 16-bit groups of one side of `::` (an empty side has none); a trailing dotted quad counts as two.
    private static func groups(_ text: Substring, allowIPv4: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var words: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, allowIPv4, part.contains(".") {
                guard let v4 = parseIPv4(part) else { return nil }
                words.append(UInt16(v4 >> 16))
                words.append(UInt16(v4 & 0xFFFF))
                continue
            }
            guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), let word = UInt16(part, radix: 16)
            else { return nil }
            words.append(word)
        }
        return words
    }

    // MARK: Text

    private static func dottedQuad(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    private static func ipv6Text(_ high: UInt64, _ low: UInt64) -> String {
        let words = (0..<8).map { index -> UInt16 in
            let half = index < 4 ? high : low
            return UInt16(truncatingIfNeeded: half >> (UInt64(3 - index % 4) * 16))
        }
        // The longest run of two or more zero groups (the first of equal runs) becomes `::`.
        var best: (start: Int, length: Int) = (-1, 0)
        var index = 0
        while index < 8 {
            guard words[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8 && words[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = end
        }
        let hex = words.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let head = hex[0..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }
}
