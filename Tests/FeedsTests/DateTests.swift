import Foundation
import Testing
@testable import SatchelFeeds

/// 2026-12-07T14:00:00Z, a Monday.
private let utc = 1_796_652_000.0

/// Dates in the formats feeds are seen to use, each with the instant it means.
@Suite struct DateTests {
    /// Each text with the seconds it means after 2026-12-07T14:00:00Z.
    static let valid: [(text: String, offset: Double)] = [
        // RFC 822 / 1123 and their variants
        ("Mon, 07 Dec 2026 14:00:00 GMT", 0),
        ("Mon, 07 Dec 2026 14:00:00 +0000", 0),
        ("Mon, 7 Dec 2026 14:00:00 UT", 0),
        ("Mon, 07 Dec 2026 15:00:00 +0100", 0),
        ("Mon, 07 Dec 2026 09:00:00 EST", 0),
        ("Mon, 07 Dec 2026 06:00:00 PST", 0),
        ("Mon, 07 Dec 2026 16:00:00 +0200 (EET)", 0),
        ("07 Dec 2026 14:00:00 Z", 0),
        ("Mon, 07 Dec 26 14:00:00 GMT", 0),
        ("Mon, 07 Dec 2026 14:00 GMT", 0),
        ("Monday, 07-Dec-26 14:00:00 GMT", 0),
        ("Mon Dec  7 14:00:00 2026", 0),
        ("mon, 07 dec 2026 14:00:00 gmt", 0),
        ("Mon, 07 December 2026 14:00:00 GMT", 0),
        ("December 7, 2026 2:00 PM", 0),
        ("Dec. 7th, 2026 14:00", 0),
        ("Mon, 07 Dec 2026 14:00:00 Z", 0),
        ("Mon, 07 Dec 2026 19:30:00 IST", 0),
        ("Mon, 07 Dec 2026 13:00:00 N", 0),
        ("Mon, 07 Dec 2026 14:00:00 XYZ", 0),
        // RFC 3339 / ISO 8601 / W3C-DTF
        ("2026-12-07T14:00:00Z", 0),
        ("2026-12-07T14:00:00.000Z", 0),
        ("2026-12-07T14:00:00.5Z", 0.5),
        ("2026-12-07T15:00:00+01:00", 0),
        ("2026-12-07T09:00:00-05:00", 0),
        ("2026-12-07T15:00:00+0100", 0),
        ("2026-12-07T15:00:00+01", 0),
        ("2026-12-07 14:00:00", 0),
        ("2026-12-07 14:00:00 +00:00", 0),
        ("2026-12-07t14:00:00z", 0),
        ("2026-12-07T14:00Z", 0),
        ("20261207T140000Z", 0),
        ("2026-12-07", -50_400),
        ("2026/12/07 14:00:00", 0),
        ("  2026-12-07T14:00:00Z\n", 0),
        ("2026-12-07T23:59:60Z", 35_999),
    ]

    @Test(arguments: valid)
    func parses(text: String, offset: Double) {
        #expect(FeedDate.parse(text)?.timeIntervalSince1970 == utc + offset, "\(text)")
    }

    static let invalid: [String] = [
        "", "yesterday", "Mon, 31 Feb 2026 00:00:00 GMT", "2026-13-01T00:00:00Z", "2026-12-07T25:00:00Z",
        "Mon, 07 Foo 2026 14:00:00 GMT", "0000-01-01T00:00:00Z", "12345", "2026-12-07T14:00:00+99:00",
        String(repeating: "9", count: 500),
    ]

    @Test(arguments: invalid)
    func refuses(text: String) {
        #expect(FeedDate.parse(text) == nil, "\(text)")
    }

    @Test func leapDay() {
        #expect(FeedDate.parse("2024-02-29T00:00:00Z") != nil)
        #expect(FeedDate.parse("2023-02-29T00:00:00Z") == nil)
        #expect(FeedDate.parse("Thu, 01 Jan 1970 00:00:00 GMT")?.timeIntervalSince1970 == 0)
    }
}
