import Foundation
import SatchelCapture

/// A feed's bytes to UTF-8, for feeds whose declarations lie.
///
/// In order: a byte order mark; UTF-16 recognisable from `<?` without one; then valid UTF-8 is UTF-8 whatever the
/// XML declaration or the `Content-Type` says (text in a legacy single-byte encoding is almost never valid
/// UTF-8, while servers that send `charset=ISO-8859-1` over UTF-8 are common); then an encoding other than
/// UTF-8 declared by the XML declaration, else by the `Content-Type` header, converted with iconv; and last,
/// bytes that claim UTF-8 (or claim nothing) but are not valid UTF-8 are decoded sequence by sequence: valid
/// UTF-8 sequences as UTF-8 and each other byte as windows-1252, which mends a UTF-8 feed with a latin-1 title
/// pasted in (mixed encodings) and a latin-1 feed labelled UTF-8 alike.
///
/// NUL bytes and the C0 controls XML forbids are dropped.
public enum FeedEncoding {
    /// What decided the decoding (for tests and logs).
    public enum Source: String, Sendable {
        case bom, utf16, utf8, declaration, header, mixed
    }

    /// `bytes` as UTF-8, and what decided it.
    public static func utf8(_ bytes: [UInt8], contentType: String?) -> (bytes: [UInt8], source: Source) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return (repairUTF8(bytes.dropFirst(3)), .bom)
        }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            // CharacterEncoding reads the mark itself and drops it.
            return (clean(CharacterEncoding.utf8(bytes, contentType: nil)), .bom)
        }
        if bytes.starts(with: [0x3C, 0x00, 0x3F, 0x00]) {
            return (clean(CharacterEncoding.utf8(bytes, contentType: "text/xml; charset=utf-16le")), .utf16)
        }
        if bytes.starts(with: [0x00, 0x3C, 0x00, 0x3F]) {
            return (clean(CharacterEncoding.utf8(bytes, contentType: "text/xml; charset=utf-16be")), .utf16)
        }
        if isValidUTF8(bytes) { return (clean(bytes), .utf8) }
        if let declared = declaredEncoding(bytes), !isUTF8Label(declared) {
            return (clean(CharacterEncoding.utf8(bytes, contentType: "text/xml; charset=\(declared)")), .declaration)
        }
        if let header = contentType.flatMap(charset(inContentType:)), !isUTF8Label(header), !isASCIILabel(header) {
            return (clean(CharacterEncoding.utf8(bytes, contentType: "text/xml; charset=\(header)")), .header)
        }
        return (repairUTF8(bytes[...]), .mixed)
    }

    /// The `encoding` of an XML declaration at the start of `bytes` (an ASCII-compatible encoding), or nil.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        var start = 0
        while start < bytes.count, start < 64, bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == 0x0D || bytes[start] == 0x09 {
            start += 1
        }
        guard bytes.count > start + 5, bytes[start..<start + 5].elementsEqual("<?xml".utf8) else { return nil }
        let window = bytes[start..<min(bytes.count, start + 512)]
        guard let end = window.firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let declaration = String(decoding: bytes[start..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[range.upperBound...].drop(while: { $0 == " " || $0 == "=" || $0 == "\t" })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        guard let close = rest.firstIndex(of: quote) else { return nil }
        let label = rest[..<close].trimmingCharacters(in: .whitespaces)
        return label.isEmpty || label.count > 40 ? nil : label
    }

    static func charset(inContentType value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            let label = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if !label.isEmpty { return label }
        }
        return nil
    }

    private static func isUTF8Label(_ label: String) -> Bool {
        let key = label.lowercased()
        return key == "utf-8" || key == "utf8" || key.hasPrefix("utf-16") || key.hasPrefix("utf16")
    }

    private static func isASCIILabel(_ label: String) -> Bool {
        let key = label.lowercased()
        return key == "us-ascii" || key == "ascii"
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Valid UTF-8 sequences kept, every other byte read as windows-1252; controls dropped.
    static func repairUTF8(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                if keeps(byte) { output.append(byte) }
                index += 1
                continue
            }
            let length = sequenceLength(bytes, at: index)
            if length > 0 {
                output.append(contentsOf: bytes[index..<index + length])
                index += length
            } else {
                appendScalar(windows1252(byte), to: &output)
                index += 1
            }
        }
        return output
    }

    /// The length of the valid UTF-8 sequence starting at `index` (a lead byte ≥ 0x80), or 0.
    private static func sequenceLength(_ bytes: ArraySlice<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        guard index + length <= bytes.endIndex else { return 0 }
        let second = bytes[index + 1]
        guard second >= low && second <= high else { return 0 }
        for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 { return 0 }
        return length
    }

    /// Drops NUL and the C0 controls but tab, line feed and carriage return (XML 1.0 forbids them).
    static func clean(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(where: { !keeps($0) }) else { return bytes }
        return bytes.filter(keeps)
    }

    @inline(__always) private static func keeps(_ byte: UInt8) -> Bool {
        byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func appendScalar(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        output.append(contentsOf: String(Character(scalar)).utf8)
    }

    /// A windows-1252 byte's character (U+FFFD for the five bytes it leaves undefined).
    static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        let high: [UInt32] = [
            0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
            0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
        ]
        if byte >= 0x80 && byte < 0xA0 { return Unicode.Scalar(high[Int(byte - 0x80)]) ?? "\u{FFFD}" }
        return Unicode.Scalar(byte)
    }
}
