import Foundation

/// How the blog writes dates, reading times and counts.
enum WebFormatting {
    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// "1 December 2026", in UTC.
    static func dateText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(parts.day ?? 1) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970)"
    }

    /// RFC 3339 in UTC, for `<time datetime>` and Atom: "2026-12-01T19:40:33Z".
    static func isoText(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// "2 min read".
    static func readingTime(_ minutes: Int) -> String { "\(max(1, minutes)) min read" }

    /// "No comments", "1 comment", "12 comments".
    static func commentCount(_ count: Int) -> String {
        switch count {
        case 0: "No comments"
        case 1: "1 comment"
        default: "\(count) comments"
        }
    }
}
