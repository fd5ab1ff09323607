import Foundation

/// Checks an `application/x-www-form-urlencoded` body before its fields are trusted: a value whose bytes
/// (raw or percent-encoded) are not UTF-8 would otherwise be read with U+FFFD in place of each bad byte
/// and published so, while the API refuses the same bytes.
enum FormEncodingCheck {
    /// The names of the fields whose values are not valid UTF-8, in the order they come (empty when all
    /// are), and the body with those values emptied, ready for the form decoder.
    static func check(_ body: Data) -> (invalidFields: [String], repaired: Data) {
        var fields: [String] = []
        var repaired = Data()
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(validating: percentDecoded(parts[0]), as: UTF8.self)
            let value = parts.count > 1 ? percentDecoded(parts[1]) : []
            if !repaired.isEmpty { repaired.append(UInt8(ascii: "&")) }
            switch (name, String(validating: value, as: UTF8.self)) {
            case (_?, _?):
                repaired.append(contentsOf: pair)
            case (let name?, nil):
                fields.append(name)
                repaired.append(contentsOf: parts[0] + [UInt8(ascii: "=")])
            case (nil, _):
                fields.append("form")
            }
        }
        return (fields, repaired)
    }

    /// The bytes a form component stands for: `+` is a space, `%XX` one byte; a `%` not followed by two
    /// hex digits stays as it is, as browsers and Hummingbird's decoder read it.
    static func percentDecoded(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var iterator = Array(bytes)[...]
        while let byte = iterator.popFirst() {
            switch byte {
            case UInt8(ascii: "+"):
                result.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if iterator.count >= 2, let high = hexValue(iterator[iterator.startIndex]),
                   let low = hexValue(iterator[iterator.startIndex + 1])
                {
                    result.append(high << 4 | low)
                    iterator = iterator.dropFirst(2)
                } else {
                    result.append(byte)
                }
            default:
                result.append(byte)
            }
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
