import Foundation

/// HTTP dates (RFC 9110 §5.6.7), for `Last-Modified` and `If-Modified-Since`.
public enum HTTPDate {
    /// An HTTP date for `Last-Modified`: "Tue, 01 Dec 2026 19:40:33 GMT".
    public static func text(_ date: Date) -> String {
        formatter().string(from: date)
    }

    /// Parses an HTTP date (the IMF-fixdate form browsers send); `nil` when it is not one.
    static func parse(_ text: String) -> Date? {
        formatter().date(from: text)
    }

    /// A new formatter per use: `DateFormatter` is not `Sendable`, and feeds are not a hot path.
    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
