import Foundation

/// The JSON conventions every Satchel peer speaks: camelCase keys, ISO 8601 dates with milliseconds.
///
/// Milliseconds matter: sync ordering compares timestamps, and Foundation's plain `.iso8601`
/// strategy would drop them.
///
/// ```swift
/// let data = try SatchelJSON.encoder().encode(post)
/// let post = try SatchelJSON.decoder().decode(Post.self, from: data)
/// ```
public enum SatchelJSON {
    /// Formats a date as ISO 8601 in UTC with milliseconds, e.g. `2026-11-29T10:15:30.123Z`.
    public static func string(from date: Date) -> String {
        // Rounded to the nearest millisecond (`Date.millis`): the formatter would truncate.
        let millis = date.millis
        let seconds = millis.quotientAndRemainder(dividingBy: 1000)
        let (whole, fraction) = seconds.remainder < 0 ? (seconds.quotient - 1, seconds.remainder + 1000) : seconds
        let text = Date(timeIntervalSince1970: Double(whole)).formatted(secondStyle)
        let digits = String(fraction)
        return String(text.dropLast()) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// Parses an ISO 8601 date with or without fractional seconds; `nil` when malformed.
    public static func date(from string: String) -> Date? {
        if let date = try? millisecondStyle.parse(string) { return date }
        return try? secondStyle.parse(string)
    }

    /// A fresh encoder with the Satchel conventions (sorted keys so output is stable for ETags).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(string(from: date))
        }
        return encoder
    }

    /// A fresh decoder with the Satchel conventions.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "Expected an ISO 8601 date such as 2026-11-29T10:15:30.123Z.")
            }
            return date
        }
        return decoder
    }

    private static let millisecondStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
    private static let secondStyle = Date.ISO8601FormatStyle(timeZone: .gmt)
}
