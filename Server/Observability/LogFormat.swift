import Foundation
import Logging

/// How the server writes its log lines: `key=value` pairs (logfmt, the default) or one JSON object a line.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `time=… level=info msg=request request_id=… method=GET …`
    case logfmt
    /// `{"time":"…","level":"info","msg":"request","request_id":"…",…}`
    case json

    /// One line for an event: time, level, message, then the metadata in key order.
    func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var fields: [(String, String)] = [
            ("time", Self.timestamp(time)), ("level", level.rawValue), ("logger", label), ("msg", message),
        ]
        for key in metadata.keys.sorted() { fields.append((key, metadata[key]!.description)) }
        switch self {
        case .logfmt:
            return fields.map { "\($0.0)=\(Self.logfmtValue($0.1))" }.joined(separator: " ")
        case .json:
            return "{" + fields.map { "\(Self.jsonString($0.0)):\(Self.jsonString($0.1))" }.joined(separator: ",") + "}"
        }
    }

    /// A value as logfmt writes it: bare when it is one plain word, else quoted with `"` and `\` escaped.
    static func logfmtValue(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "=" && scalar != "\\"
        }
        if plain { return value }
        return "\"" + escaped(value) + "\""
    }

    /// A JSON string literal.
    static func jsonString(_ value: String) -> String { "\"" + escaped(value) + "\"" }

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
        let since1970 = date.timeIntervalSince1970
        var seconds = time_t(since1970.rounded(.down))
        let millis = min(999, Int((since1970 - Double(seconds)) * 1000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}
