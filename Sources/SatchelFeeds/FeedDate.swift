import Foundation

/// Dates as feeds write them, without `DateFormatter` (no locale, no allocation per format tried).
///
/// Read: RFC 822 and 1123 (`Mon, 07 Dec 2026 14:00:00 GMT`, two-digit years, one-digit days, no seconds, no day
/// name, a comment such as `(CET)` after the zone), RFC 850 (`Monday, 07-Dec-26 …`), `asctime`
/// (`Mon Dec  7 14:00:00 2026`), month names spelled out or abbreviated in any case (`Sept`, `December`, `Dec.`),
/// RFC 3339 and ISO 8601 (fractions, `Z`, `+01:00`, `+0100`, `+01`, a space instead of `T`, basic `20261207T140000Z`,
/// a date alone), `2026/12/07`, zones as offsets, names (`GMT`, `UT`, `UTC`, `Z`, US zones, `CET`, `CEST`, `BST`,
/// `IST`, `JST`, …) and military letters. No zone, or an unknown one, is UTC. Nil for anything else, for dates
/// that do not exist (31 February) and for years outside 1900–9999.
public enum FeedDate {
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 100 else { return nil }
        if let date = iso8601(Array(trimmed.utf8)) { return date }
        return loose(trimmed)
    }

    // MARK: ISO 8601 / RFC 3339

    private static func iso8601(_ bytes: [UInt8]) -> Date? {
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = bytes[index + offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func accept(_ byte: UInt8) -> Bool {
            if index < bytes.count && bytes[index] == byte { index += 1; return true }
            return false
        }
        guard let year = number(4) else { return nil }
        var month = 1, day = 1
        let extended = accept(UInt8(ascii: "-")) || accept(UInt8(ascii: "/"))
        if extended {
            guard let parsedMonth = number(2) ?? number(1) else { return nil }
            month = parsedMonth
            if accept(UInt8(ascii: "-")) || accept(UInt8(ascii: "/")) {
                guard let parsedDay = number(2) ?? number(1) else { return nil }
                day = parsedDay
            }
        } else {
            guard let parsedMonth = number(2), let parsedDay = number(2) else { return index == 4 && bytes.count == 4 ? civil(year, 1, 1) : nil }
            (month, day) = (parsedMonth, parsedDay)
        }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset = 0
        if index < bytes.count {
            guard accept(UInt8(ascii: "T")) || accept(UInt8(ascii: "t")) || accept(UInt8(ascii: " ")) else { return nil }
            while accept(UInt8(ascii: " ")) {}
            guard let parsedHour = number(2) else { return nil }
            hour = parsedHour
            let colon = accept(UInt8(ascii: ":"))
            guard let parsedMinute = number(2) else { return nil }
            minute = parsedMinute
            if (colon && accept(UInt8(ascii: ":"))) || (!colon && index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39) {
                guard let parsedSecond = number(2) else { return nil }
                second = parsedSecond
                if accept(UInt8(ascii: ".")) || accept(UInt8(ascii: ",")) {
                    var scale = 0.1
                    while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                        fraction += Double(bytes[index] - 0x30) * scale
                        scale /= 10
                        index += 1
                    }
                }
            }
            while accept(UInt8(ascii: " ")) {}
            if index < bytes.count {
                let rest = String(decoding: bytes[index...], as: UTF8.self)
                guard let zone = zoneOffset(rest) else { return nil }
                offset = zone
            }
        }
        guard let base = civilTime(year, month, day, hour, minute, second) else { return nil }
        return Date(timeIntervalSince1970: base - Double(offset) + fraction)
    }

    // MARK: RFC 822 and the rest

    private static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    private static let dayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    private static func loose(_ text: String) -> Date? {
        // Drop a trailing comment: "+0100 (CET)".
        var text = Substring(text)
        if let open = text.firstIndex(of: "(") { text = text[..<open] }
        var tokens: [Substring] = []
        var current = text.startIndex
        var start: Substring.Index?
        // Split at spaces and commas; keep "-" between digits and letters as a separator too (07-Dec-26).
        while current < text.endIndex {
            let character = text[current]
            let isSeparator = character == " " || character == "," || character == "\t" || (character == "-" && start != nil)
            if isSeparator {
                if let begin = start { tokens.append(text[begin..<current]) }
                start = nil
            } else if start == nil {
                start = current
            }
            current = text.index(after: current)
        }
        if let begin = start { tokens.append(text[begin..<text.endIndex]) }

        var year: Int?, month: Int?, day: Int?
        var hour = 0, minute = 0, second = 0
        var offset: Int?
        var yearWasShort = false
        var bareNumbers: [Substring] = []
        for token in tokens {
            let lower = token.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            if token.contains(":") {
                let parts = token.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count >= 2, parts.count <= 3, let h = Int(parts[0]), let m = Int(parts[1].prefix(2)) else { return nil }
                hour = h
                minute = m
                if parts.count == 3 { second = Int(parts[2].prefix(2)) ?? 0 }
                // "14:00:00+0100" or "14:00Z": a zone glued to the time.
                let last = parts[parts.count - 1]
                if last.count > 2, offset == nil { offset = zoneOffset(String(last.dropFirst(2))) }
                continue
            }
            if let first = token.first, first == "+" || (first == "-" && token.count > 1) {
                if let zone = zoneOffset(String(token)) { offset = zone; continue }
            }
            if lower.allSatisfy({ $0.isLetter }) {
                let key = String(lower.prefix(3))
                if lower.count >= 3, let value = months[key], month == nil, lower.count <= 9 {
                    month = value
                } else if lower.count >= 3, dayNames.contains(key) {
                    continue
                } else if offset == nil, let zone = zoneOffset(String(token)) {
                    offset = zone
                } else if lower == "am" || lower == "pm" {
                    if lower == "pm" && hour < 12 { hour += 12 }
                    if lower == "am" && hour == 12 { hour = 0 }
                } else if lower == "at" || lower == "of" || lower == "the" {
                    continue
                } else if lower.count <= 5 && offset == nil {
                    offset = 0  // a zone nobody agrees on (`XYZ`, `CHAST`): UTC, as feed readers take it
                } else {
                    return nil
                }
                continue
            }
            if token.contains("/") {
                let parts = token.split(separator: "/").compactMap { Int($0) }
                guard parts.count == 3 else { return nil }
                if parts[0] > 31 { (year, month, day) = (parts[0], parts[1], parts[2]) } else { (month, day, year) = (parts[0], parts[1], parts[2]) }
                continue
            }
            // "7th", "1st"
            let digits = token.prefix(while: { $0.isNumber })
            guard !digits.isEmpty, token.dropFirst(digits.count).allSatisfy({ $0.isLetter || $0 == "." }) else { return nil }
            bareNumbers.append(digits)
        }
        for number in bareNumbers {
            guard let value = Int(number) else { return nil }
            if number.count >= 3 || value > 31 || (day != nil && year == nil) {
                guard year == nil else { return nil }
                year = value
                yearWasShort = number.count <= 2
            } else if day == nil {
                day = value
            } else {
                return nil
            }
        }
        guard var year, let month, let day else { return nil }
        if yearWasShort || year < 100 { year += year < 50 ? 2000 : 1900 }
        guard let base = civilTime(year, month, day, hour, minute, second) else { return nil }
        return Date(timeIntervalSince1970: base - Double(offset ?? 0))
    }

    // MARK: Zones

    private static let zoneNames: [String: Int] = [
        "z": 0, "ut": 0, "utc": 0, "gmt": 0, "wet": 0, "bst": 1, "cet": 1, "met": 1, "wat": 1, "west": 1, "cest": 2,
        "eet": 2, "mest": 2, "sast": 2, "eest": 3, "msk": 3, "ist": 5 * 60 + 30, "ict": 7, "wib": 7, "hkt": 8, "sgt": 8,
        "awst": 8, "jst": 9, "kst": 9, "acst": 9 * 60 + 30, "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13, "edt": -4,
        "est": -5, "cdt": -5, "cst": -6, "mdt": -6, "mst": -7, "pdt": -7, "pst": -8, "akdt": -8, "akst": -9, "hst": -10,
        "adt": -3, "ast": -4, "ndt": -150, "nst": -210, "brt": -3, "art": -3,
    ]

    /// Seconds east of UTC for `±hh:mm`, `±hhmm`, `±hh`, a zone name or a military letter; nil otherwise.
    static func zoneOffset(_ raw: String) -> Int? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased()
        if let hours = zoneNames[lower] {
            // Values with minutes are written as total minutes when not whole hours (ist, acst, ndt, nst).
            if abs(hours) > 14 { return hours * 60 }
            return hours * 3600
        }
        if lower.count == 1, let letter = lower.unicodeScalars.first, letter.value >= 0x61, letter.value <= 0x7A, letter != "j" {
            // Military zones: A–I and K–M east, N–Y west, Z UTC.
            let value = Int(letter.value - 0x61)
            if letter == "z" { return 0 }
            if value <= 8 { return (value + 1) * 3600 }
            if value <= 12 { return value * 3600 }
            return -(value - 12) * 3600
        }
        var rest = Substring(lower)
        if rest.hasPrefix("utc") || rest.hasPrefix("gmt") { rest = rest.dropFirst(3) }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        let digits = rest.dropFirst().filter { $0 != ":" }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), [1, 2, 4].contains(digits.count) else { return nil }
        let hours: Int, minutes: Int
        if digits.count == 4 {
            hours = Int(digits.prefix(2))!
            minutes = Int(digits.suffix(2))!
        } else {
            hours = Int(digits)!
            minutes = 0
        }
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    // MARK: Calendar

    private static func civil(_ year: Int, _ month: Int, _ day: Int) -> Date? {
        civilTime(year, month, day, 0, 0, 0).map { Date(timeIntervalSince1970: $0) }
    }

    /// Seconds since 1970 of a proleptic Gregorian UTC time; nil for an impossible one. 24:00 is the next day's
    /// midnight; a leap second (:60) counts as :59.
    static func civilTime(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Double? {
        guard (1900...9999).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month, year),
              (0...24).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              hour < 24 || (minute == 0 && second == 0) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86_400 + hour * 3600 + minute * 60 + min(second, 59))
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
