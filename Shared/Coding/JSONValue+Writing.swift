import Foundation

/// Compact JSON output, byte for byte what `SatchelJSON.encoder()` writes for the same value.
///
/// - Object keys are sorted by their UTF-8 bytes, as Foundation's `.sortedKeys` sorts them.
/// - Strings escape only `"`, `\` and control characters below U+0020 (`\b \f \n \r \t`, else `\u00XX`);
///   `/` and non-ASCII text are written as they are, in UTF-8.
/// - Numbers are written in Swift's shortest round-trip form without a trailing `.0` (`3`, `-0`, `0.1`,
///   `1e-05`, `1e+16`). Infinity and NaN, which JSON cannot express (and parsing never produces), are
///   written as `null`, where Foundation's encoder would throw.
extension JSONValue {
    /// The value as compact UTF-8 JSON with sorted keys.
    public func jsonBytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(to: &output)
        return output
    }

    /// The value as compact UTF-8 JSON data with sorted keys.
    public func jsonData() -> Data {
        jsonBytes().withUnsafeBufferPointer { Data(buffer: $0) }
    }

    /// The value as compact JSON text with sorted keys.
    public var jsonText: String {
        String(decoding: jsonBytes(), as: UTF8.self)
    }

    /// Appends the value's compact JSON to `output`.
    public func write(to output: inout [UInt8]) {
        switch self {
        case .null:
            output.appendLiteral("null")
        case .bool(let value):
            output.appendLiteral(value ? "true" : "false")
        case .number(let value):
            JSONValue.writeNumber(value, to: &output)
        case .string(let value):
            JSONValue.writeString(value, to: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                item.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            let sorted = members.sorted { JSONValue.utf8Precedes($0.key, $1.key) }
            for (position, member) in sorted.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Writes `string` quoted and escaped.
    public static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        writeEscaped(string, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// Writes the escaped contents of `string`, without quotes.
    public static func writeEscaped(_ string: String, to output: inout [UInt8]) {
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for position in 0..<utf8.count {
                let byte = utf8[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
                runStart = position + 1
                switch byte {
                case UInt8(ascii: "\""): output.appendLiteral("\\\"")
                case UInt8(ascii: "\\"): output.appendLiteral("\\\\")
                case 0x08: output.appendLiteral("\\b")
                case 0x0C: output.appendLiteral("\\f")
                case 0x0A: output.appendLiteral("\\n")
                case 0x0D: output.appendLiteral("\\r")
                case 0x09: output.appendLiteral("\\t")
                default:
                    output.appendLiteral("\\u00")
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0xF)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
    }

    /// Writes a number as Foundation does; integers below 2^53 take a fast path with the same output.
    static func writeNumber(_ value: Double, to output: inout [UInt8]) {
        guard value.isFinite else { return output.appendLiteral("null") }
        guard value.magnitude < 9_007_199_254_740_992, value.rounded(.towardZero) == value else {
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            return output.append(contentsOf: text.utf8)
        }
        if value.sign == .minus { output.append(UInt8(ascii: "-")) }
        writeDigits(UInt64(value.magnitude), minimumCount: 1, to: &output)
    }

    /// Writes the decimal digits of `value`, zero-padded to `minimumCount`.
    public static func writeDigits(_ value: UInt64, minimumCount: Int, to output: inout [UInt8]) {
        // Digits are made right to left in a stack buffer and appended at once (a UInt64 has at most 20).
        let width = max(minimumCount, 0)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(20, width)) { buffer in
            var value = value
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            } while value != 0 || buffer.count - start < width
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Whether `lhs` sorts before `rhs` by UTF-8 bytes (not by Swift's Unicode-normalized `<`).
    public static func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
        let ordered = lhs.utf8.withContiguousStorageIfAvailable { left -> Bool? in
            rhs.utf8.withContiguousStorageIfAvailable { right -> Bool in
                let common = min(left.count, right.count)
                if common > 0, let base = left.baseAddress, let other = right.baseAddress {
                    let order = memcmp(base, other, common)
                    if order != 0 { return order < 0 }
                }
                return left.count < right.count
            }
        }
        return (ordered ?? nil) ?? lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

extension [UInt8] {
    /// Appends the UTF-8 of a literal.
    mutating func appendLiteral(_ literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
