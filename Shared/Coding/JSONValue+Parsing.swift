import Foundation

/// Why a JSON text could not be parsed: the byte offset where it went wrong and a plain message.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Zero-based offset, in bytes of the input, where the problem was found.
    public let offset: Int
    /// What was wrong, in plain words, e.g. `expected ':' after an object key, found ','`.
    public let message: String

    /// Creates a parse error.
    public init(offset: Int, message: String) { (self.offset, self.message) = (offset, message) }

    /// `invalid JSON at byte 12: expected ':' after an object key, found ','`.
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

/// Strict RFC 8259 parsing, straight from UTF-8 bytes.
///
/// - Any value may be the top-level value; whitespace around it is allowed, anything else after it is not.
/// - A leading UTF-8 byte order mark is skipped (RFC 8259 §8.1 allows this; Foundation does the same).
/// - Strings must be valid UTF-8 and escape control characters. `\u` escapes of UTF-16 surrogates must
///   form a pair; a lone surrogate is an error (as with Foundation), never silently replaced.
/// - Numbers follow the JSON grammar (no leading zeros, `+`, `.5`, `NaN` or `Infinity`) and become the
///   nearest `Double`; one too large for a `Double` is an error, one too small becomes zero.
/// - Arrays and objects nest at most ``maxParsingDepth`` deep. Of duplicate object keys, the last wins.
extension JSONValue {
    /// The deepest nesting of arrays and objects the parser accepts.
    public static let maxParsingDepth = 512

    /// Parses one JSON text from UTF-8 bytes.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(JSONParseError) {
        self = try JSONValue.parse(bytes).get()
    }

    /// Parses one JSON text from UTF-8 data.
    public init(parsing data: Data) throws(JSONParseError) {
        self = try data.withUnsafeBytes { JSONValue.parse($0) }.get()
    }

    /// Parses one JSON text.
    public init(parsing text: String) throws(JSONParseError) {
        var text = text
        self = try text.withUTF8 { JSONValue.parse(UnsafeRawBufferPointer($0)) }.get()
    }

    /// Parses one JSON text from any collection of UTF-8 bytes (contiguous ones are not copied).
    public init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
        let result = bytes.withContiguousStorageIfAvailable { JSONValue.parse(UnsafeRawBufferPointer($0)) }
            ?? Array(bytes).withUnsafeBytes { JSONValue.parse($0) }
        self = try result.get()
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<JSONValue, JSONParseError> {
        var parser = JSONParser(bytes.assumingMemoryBound(to: UInt8.self))
        return Result { () throws(JSONParseError) in
            let value = try parser.parseValue()
            parser.skipWhitespace()
            guard parser.index == parser.bytes.count else { throw parser.failure(expected: "the end of input") }
            return value
        }
    }
}

/// A recursive-descent parser over a byte buffer that outlives it.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var depth = 0
    /// Reused: `scratch` for strings with escapes, the stacks for the members of open containers.
    var scratch: [UInt8] = [], keyStack: [String] = [], valueStack: [JSONValue] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    // MARK: Values

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure(expected: "a value") }
        switch bytes[index] {
        case ascii("{"): return try parseObject()
        case ascii("["): return try parseArray()
        case ascii("\""): return .string(try parseString())
        case ascii("t"): try parseLiteral("true"); return .bool(true)
        case ascii("f"): try parseLiteral("false"); return .bool(false)
        case ascii("n"): try parseLiteral("null"); return .null
        case ascii("-"), ascii("0")...ascii("9"): return .number(try parseNumber())
        default: throw failure(expected: "a value")
        }
    }

    /// Members and elements are gathered on shared stacks, so each container is built once at its exact size.
    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        if consume(ascii("}")) { return .object([:]) }
        let keyBase = keyStack.count, valueBase = valueStack.count
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == ascii("\"") else { throw failure(expected: "a string key") }
            keyStack.append(try parseString())
            guard consume(ascii(":")) else { throw failure(expected: "':' after an object key") }
            valueStack.append(try parseValue())
        } while consume(ascii(","))
        guard consume(ascii("}")) else { throw failure(expected: "',' or '}'") }
        var members = [String: JSONValue](minimumCapacity: keyStack.count - keyBase)
        for (key, value) in zip(keyStack[keyBase...], valueStack[valueBase...]) { members[key] = value }
        keyStack.removeSubrange(keyBase...)
        valueStack.removeSubrange(valueBase...)
        return .object(members)
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        if consume(ascii("]")) { return .array([]) }
        let valueBase = valueStack.count
        repeat {
            valueStack.append(try parseValue())
        } while consume(ascii(","))
        guard consume(ascii("]")) else { throw failure(expected: "',' or ']'") }
        let items = Array(valueStack[valueBase...])
        valueStack.removeSubrange(valueBase...)
        return .array(items)
    }

    /// Steps over the opening bracket, counting depth.
    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        let limit = JSONValue.maxParsingDepth
        guard depth <= limit else { throw JSONParseError(offset: index, message: "nesting deeper than \(limit)") }
        index += 1
    }

    mutating func parseLiteral(_ word: StaticString) throws(JSONParseError) {
        for offset in 0..<word.utf8CodeUnitCount {
            guard index < bytes.count, bytes[index] == word.utf8Start[offset] else { throw failure(expected: "\(word)") }
            index += 1
        }
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = index
        let negative = bytes[index] == ascii("-")
        if negative { index += 1 }
        var mantissa: UInt64 = 0
        var digitCount = 0
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure(expected: "a digit after '-'") }
        if bytes[index] == ascii("0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw JSONParseError(offset: start, message: "numbers must not have leading zeros")
            }
        } else {
            digitCount = scanDigits(into: &mantissa)
        }
        var fractionCount = 0
        if index < bytes.count, bytes[index] == ascii(".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure(expected: "a digit after '.'") }
            fractionCount = scanDigits(into: &mantissa)
        }
        var exponent: UInt64 = 0, exponentCount = 0, exponentNegative = false
        if index < bytes.count, bytes[index] | 0x20 == ascii("e") {
            index += 1
            exponentNegative = index < bytes.count && bytes[index] == ascii("-")
            if index < bytes.count, bytes[index] == ascii("-") || bytes[index] == ascii("+") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure(expected: "a digit in the exponent") }
            exponentCount = scanDigits(into: &exponent)
        }
        // Exact fast path (Clinger): an exact mantissa below 2^53 and one exact power of ten round once.
        // The exponent is looked at only when it has at most four digits, so no arithmetic here can
        // overflow; longer exponents (which `scanDigits` folded with wrapping) go to the slow path.
        if digitCount + fractionCount <= 15, exponentCount <= 4 {
            let power = (exponentNegative ? -Int(exponent) : Int(exponent)) - fractionCount
            if (-22...22).contains(power) {
                let magnitude = power < 0 ? Double(mantissa) / powersOfTen[-power] : Double(mantissa) * powersOfTen[power]
                return negative ? -magnitude : magnitude
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONParseError(offset: start, message: "number \(text) is too large for a Double")
        }
        return value
    }

    /// Steps over a run of digits, folding up to 19 of them into `mantissa`; returns how many there were.
    mutating func scanDigits(into mantissa: inout UInt64) -> Int {
        let start = index
        while index < bytes.count, isDigit(bytes[index]) {
            if index - start < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- ascii("0")) }
            index += 1
        }
        return index - start
    }

    // MARK: Strings

    /// Parses a string starting at its opening quote; one with escapes is assembled in `scratch`.
    mutating func parseString() throws(JSONParseError) -> String {
        try scanString(building: true) ?? ""
    }

    /// The one string scanner, at a string's opening quote: checks it as the grammar requires (escapes,
    /// UTF-8, no raw control characters). Building, it returns the decoded text; not building (the pull
    /// fast path's `skipValue()`), it steps over the string, makes no `String` and returns `nil`.
    @inline(__always)
    mutating func scanString(building: Bool) throws(JSONParseError) -> String? {
        let start = index + 1
        var runStart = start, high: UInt64 = 0, escaped = false
        index = start
        while true {
            skipPlainBytes(accumulating: &high)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == ascii("\"") {
                // Escapes are ASCII, so validating the raw text validates every unescaped run.
                if high & 0x8080_8080_8080_8080 != 0 { try validateUTF8(start..<index) }
                defer { index += 1 }
                guard building else { return nil }
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                guard escaped else { return String(decoding: run, as: UTF8.self) }
                scratch.append(contentsOf: run)
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == ascii("\\") {
                // Not building, the scratch only ever holds the one escape being checked.
                if !escaped || !building { scratch.removeAll(keepingCapacity: true) }
                escaped = true
                if building { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                try parseEscape()
                runStart = index
            } else if byte < 0x20 {
                throw JSONParseError(offset: index, message: "control characters in strings must be escaped")
            } else {
                high |= UInt64(byte)
                index += 1
            }
        }
        throw JSONParseError(offset: start - 1, message: "unterminated string")
    }

    /// Steps over string bytes eight at a time while none is a quote, backslash or control character.
    mutating func skipPlainBytes(accumulating high: inout UInt64) {
        guard let base = bytes.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quote = word ^ 0x2222_2222_2222_2222, backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
            // The high bit of a byte is set where a byte is zero (or, harmlessly, after a found one).
            let found = (quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- 0x20 &* ones) & ~word
            if found & 0x8080_8080_8080_8080 != 0 { return }
            high |= word
            index += 8
        }
    }

    /// Parses one escape sequence at a backslash, appending its UTF-8 to `scratch`.
    mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw failure(expected: "an escaped character") }
        let letter = bytes[index]
        index += 1
        switch letter {
        case ascii("\""), ascii("\\"), ascii("/"): scratch.append(letter)
        case ascii("b"): scratch.append(0x08)
        case ascii("f"): scratch.append(0x0C)
        case ascii("n"): scratch.append(0x0A)
        case ascii("r"): scratch.append(0x0D)
        case ascii("t"): scratch.append(0x09)
        case ascii("u"):
            var scalar = try parseHex4()
            if (0xDC00...0xDFFF).contains(scalar) { throw unpairedSurrogate(at: escapeStart) }
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == ascii("\\"), bytes[index + 1] == ascii("u") else {
                    throw unpairedSurrogate(at: escapeStart)
                }
                index += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw unpairedSurrogate(at: escapeStart) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            if let unicode = Unicode.Scalar(scalar) { UTF8.encode(unicode) { scratch.append($0) } }
        default:
            throw JSONParseError(offset: escapeStart, message: "invalid escape sequence in string")
        }
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = index < bytes.count ? bytes[index] : 0
            switch byte {
            case ascii("0")...ascii("9"): value = value << 4 | UInt32(byte - ascii("0"))
            case ascii("a")...ascii("f"), ascii("A")...ascii("F"): value = value << 4 | UInt32((byte | 0x20) - ascii("a") + 10)
            default: throw failure(expected: "four hex digits after \\u")
            }
            index += 1
        }
        return value
    }

    func unpairedSurrogate(at offset: Int) -> JSONParseError {
        JSONParseError(offset: offset, message: "\\u escape of an unpaired UTF-16 surrogate")
    }

    /// Checks well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
    func validateUTF8(_ range: Range<Int>) throws(JSONParseError) {
        var position = range.lowerBound
        while position < range.upperBound {
            let lead = bytes[position]
            if lead < 0x80 { position += 1; continue }
            var length = 4, lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: lower = 0x90
            case 0xF1...0xF3: break
            case 0xF4: upper = 0x8F
            default: throw JSONParseError(offset: position, message: "invalid UTF-8 in string")
            }
            guard position + length <= range.upperBound, (lower...upper).contains(bytes[position + 1]),
                  (2..<length).allSatisfy({ bytes[position + $0] & 0xC0 == 0x80 })
            else { throw JSONParseError(offset: position, message: "invalid UTF-8 in string") }
            position += length
        }
    }

    // MARK: Helpers

    /// Skips whitespace, then steps over `byte` if it comes next.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    func failure(expected: String) -> JSONParseError {
        JSONParseError(offset: index, message: "expected \(expected), found \(found(at: index))")
    }

    /// Names the byte at `offset` for an error message.
    func found(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of input" }
        let byte = bytes[offset]
        if (0x21...0x7E).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}

@inline(__always) private func ascii(_ scalar: Unicode.Scalar) -> UInt8 { UInt8(ascii: scalar) }
@inline(__always) private func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

/// 10^0 ... 10^22, every one exactly representable.
private let powersOfTen: [Double] = (0...22).map { power in (0..<power).reduce(1.0) { value, _ in value * 10 } }
