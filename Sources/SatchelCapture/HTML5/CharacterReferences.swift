/// Character references (`&amp;`, `&#233;`, `&#x20AC;`) as the HTML Standard's tokenizer resolves them.
enum CharacterReferences {
    /// Longest name in the table, semicolon included.
    static let longestName = 32

    /// The named references: name bytes (with the `;` when the table has it) to one or two code points.
    static let named: [[UInt8]: (UInt32, UInt32)] = {
        var table: [[UInt8]: (UInt32, UInt32)] = [:]
        table.reserveCapacity(2300)
        for entry in namedCharacterReferenceTable.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            let points = entry[entry.index(after: equals)...].split(separator: ",").compactMap { UInt32($0, radix: 16) }
            table[Array(entry[..<equals].utf8)] = (points.first ?? 0xFFFD, points.count > 1 ? points[1] : 0)
        }
        return table
    }()

    /// Windows-1252 meanings of references to C1 controls, and the other replacements of the Standard's
    /// numeric-reference table (`&#0;` and `&#x80;`…`&#x9F;`).
    static func replacement(for codePoint: UInt32) -> UInt32? {
        switch codePoint {
        case 0x00: return 0xFFFD
        case 0x80: return 0x20AC
        case 0x82: return 0x201A
        case 0x83: return 0x0192
        case 0x84: return 0x201E
        case 0x85: return 0x2026
        case 0x86: return 0x2020
        case 0x87: return 0x2021
        case 0x88: return 0x02C6
        case 0x89: return 0x2030
        case 0x8A: return 0x0160
        case 0x8B: return 0x2039
        case 0x8C: return 0x0152
        case 0x8E: return 0x017D
        case 0x91: return 0x2018
        case 0x92: return 0x2019
        case 0x93: return 0x201C
        case 0x94: return 0x201D
        case 0x95: return 0x2022
        case 0x96: return 0x2013
        case 0x97: return 0x2014
        case 0x98: return 0x02DC
        case 0x99: return 0x2122
        case 0x9A: return 0x0161
        case 0x9B: return 0x203A
        case 0x9C: return 0x0153
        case 0x9E: return 0x017E
        case 0x9F: return 0x0178
        default: return nil
        }
    }

    /// The code point a numeric reference with digits value `value` stands for.
    ///
    /// Digits accumulate in 32 bits and wrap, as Gumbo's do; surrogates and values past U+10FFFF are U+FFFD.
    static func resolveNumeric(_ value: UInt32) -> UInt32 {
        if let replaced = replacement(for: value) { return replaced }
        if (0xD800...0xDFFF).contains(value) || value > 0x10FFFF { return 0xFFFD }
        return value
    }

    /// Appends the UTF-8 of `codePoint` to `bytes`.
    @inline(__always) static func appendUTF8(_ codePoint: UInt32, to bytes: inout [UInt8]) {
        switch codePoint {
        case 0..<0x80:
            bytes.append(UInt8(codePoint))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | codePoint >> 6))
            bytes.append(UInt8(0x80 | codePoint & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | codePoint >> 12))
            bytes.append(UInt8(0x80 | codePoint >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | codePoint & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | codePoint >> 18))
            bytes.append(UInt8(0x80 | codePoint >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | codePoint >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | codePoint & 0x3F))
        }
    }
}
