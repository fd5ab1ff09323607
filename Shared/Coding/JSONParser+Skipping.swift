/// Validation without building: the pull fast path keeps each record as the text it arrived in, so it
/// checks that text exactly as `JSONValue(parsing:)` would, but allocates nothing for it.
extension JSONParser {
    /// Steps over one value, rejecting whatever `parseValue()` rejects, and returns the byte range it
    /// spans (leading whitespace excluded).
    mutating func skipValue() throws(JSONParseError) -> Range<Int> {
        skipWhitespace()
        let start = index
        guard index < bytes.count else { throw failure(expected: "a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try skipObject()
        case UInt8(ascii: "["): try skipArray()
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try parseLiteral("true")
        case UInt8(ascii: "f"): try parseLiteral("false")
        case UInt8(ascii: "n"): try parseLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try parseNumber()
        default: throw failure(expected: "a value")
        }
        return start..<index
    }

    private mutating func skipObject() throws(JSONParseError) {
        try enterContainer()
        defer { depth -= 1 }
        if consume(UInt8(ascii: "}")) { return }
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure(expected: "a string key") }
            try skipString()
            guard consume(UInt8(ascii: ":")) else { throw failure(expected: "':' after an object key") }
            _ = try skipValue()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw failure(expected: "',' or '}'") }
    }

    private mutating func skipArray() throws(JSONParseError) {
        try enterContainer()
        defer { depth -= 1 }
        if consume(UInt8(ascii: "]")) { return }
        repeat {
            _ = try skipValue()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw failure(expected: "',' or ']'") }
    }

    /// Steps over a string at its opening quote: the same scanner as `parseString()`, no `String` made.
    private mutating func skipString() throws(JSONParseError) {
        _ = try scanString(building: false)
    }
}
