import Foundation
import SatchelShared

/// Reading the loosely typed JSON other apps export: values that may be a bool, a number or a string,
/// dates in the ISO 8601 spellings PHP and JavaScript write, labels as strings or as objects.
enum ForeignJSON {
    /// `true`, `1`, `"1"`, `"true"` → true; anything else false.
    static func flag(_ value: JSONValue?) -> Bool {
        switch value {
        case .bool(let flag)?: flag
        case .number(let number)?: number != 0
        case .string(let text)?: ["1", "true", "yes"].contains(text.lowercased())
        default: false
        }
    }

    /// A string field, or nil when absent, null or not a string.
    static func text(_ value: JSONValue?) -> String? {
        value?.stringValue
    }

    /// Labels written as strings (`["a"]`) or objects (`[{"label": "a"}]`, `[{"name": "a"}]`).
    static func labels(_ value: JSONValue?) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap { item in
            if let text = item.stringValue { return text }
            if case .object(let fields) = item { return fields["label"]?.stringValue ?? fields["name"]?.stringValue }
            return nil
        }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// An ISO 8601 date with a time zone: `2024-05-01T12:34:56.789Z`, `2016-04-07T10:12:31+0200`,
    /// `2016-04-07T10:12:31+02:00`, or `2016-04-07 10:12:31` (UTC). Nil for anything else, or a year
    /// outside 1970–9999.
    static func date(_ value: JSONValue?) -> Date? {
        guard var text = value?.stringValue?.trimmingCharacters(in: .whitespaces), text.count >= 19, text.count <= 40
        else { return nil }
        text = text.replacingOccurrences(of: " ", with: "T")
        // PHP writes +0200; the formatter wants +02:00.
        if let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }), text.distance(from: sign, to: text.endIndex) == 5,
           text[sign...].dropFirst().allSatisfy(\.isNumber) {
            text.insert(":", at: text.index(sign, offsetBy: 3))
        }
        let hasZone = text.hasSuffix("Z") || text.dropFirst(19).contains { $0 == "+" || $0 == "-" }
        if !hasZone { text += "Z" }
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = fractional.date(from: text) ?? plain.date(from: text) else { return nil }
        let seconds = date.timeIntervalSince1970
        return seconds >= 0 && seconds < 253_402_300_800 ? date : nil
    }

    /// A progress figure written as a percentage (0–100), as a fraction in 0...1.
    static func percent(_ value: JSONValue?) -> Double? {
        guard let number = value?.numberValue ?? value?.stringValue.flatMap(Double.init), number.isFinite else { return nil }
        return min(max(number / 100, 0), 1)
    }
}
