import Foundation
import Logging
import SatchelShared

/// How the server writes its log lines: `key=value` pairs (logfmt, the default) or one JSON object a line.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `time=… level=info msg=request request_id=… method=GET …`
    case logfmt
    /// `{"time":"…","level":"info","msg":"request","request_id":"…",…}`
    case json

    /// One line for an event: time, level, logger, message, then the metadata in key order. Built in one
    /// string, without intermediate arrays: it runs once per request when request logs are on.
    func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var out = ""
        out.reserveCapacity(96 + metadata.count * 40)
        if self == .json { out += "{" }
        append("time", Self.timestamp(time), first: true, to: &out)
        append("level", level.rawValue, to: &out)
        append("logger", label, to: &out)
        append("msg", message, to: &out)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            append(key, value.description, to: &out)
        }
        if self == .json { out += "}" }
        return out
    }

    private func append(_ key: String, _ value: String, first: Bool = false, to out: inout String) {
        switch self {
        case .logfmt:
            if !first { out += " " }
            out += key
            out += "="
            out += Self.logfmtValue(value)
        case .json:
            if !first { out += "," }
            out += Self.jsonString(key)
            out += ":"
            out += Self.jsonString(value)
        }
    }

    /// A value as logfmt writes it: bare when it is one plain word, else quoted with `"` and `\` escaped.
    static func logfmtValue(_ value: String) -> String {
        // Bytes, not scalars: a non-ASCII scalar's bytes are all ≥ 0x80, so they fail the same test.
        let plain = !value.isEmpty && value.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "\\")
        }
        if plain { return value }
        return "\"" + escaped(value) + "\""
    }

    /// A JSON string literal.
    static func jsonString(_ value: String) -> String {
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) { return "\"" + value + "\"" }
        return "\"" + escaped(value) + "\""
    }

    /// `"`, `\` and control characters escaped as in JSON (a valid logfmt quoted value too).
    private static func escaped(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// RFC 3339 UTC time with milliseconds, e.g. `2026-12-01T20:15:30.123Z` (gmtime, no formatter per line).
    static func timestamp(_ date: Date) -> String {
        // Through `Date.millis`, which rounds: truncating would write `.122` for `.123`.
        let since1970 = date.millis
        var seconds = time_t(since1970.quotientAndRemainder(dividingBy: 1_000).quotient)
        var millis = Int(since1970 - Int64(seconds) * 1_000)
        if millis < 0 {
            millis += 1_000
            seconds -= 1
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(unsafeUninitializedCapacity: 24) { text in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var value = value
                for index in stride(from: start + width - 1, through: start, by: -1) {
                    text[index] = UInt8(0x30 + value % 10)
                    value /= 10
                }
            }
            put(Int(parts.tm_year) + 1900, 4, at: 0)
            put(Int(parts.tm_mon) + 1, 2, at: 5)
            put(Int(parts.tm_mday), 2, at: 8)
            put(Int(parts.tm_hour), 2, at: 11)
            put(Int(parts.tm_min), 2, at: 14)
            put(Int(parts.tm_sec), 2, at: 17)
            put(millis, 3, at: 20)
            text[4] = UInt8(ascii: "-")
            text[7] = UInt8(ascii: "-")
            text[10] = UInt8(ascii: "T")
            text[13] = UInt8(ascii: ":")
            text[16] = UInt8(ascii: ":")
            text[19] = UInt8(ascii: ".")
            text[23] = UInt8(ascii: "Z")
            return 24
        }
    }
}
