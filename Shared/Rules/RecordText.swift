import Foundation
import SatchelShared

/// The JSON text of a synced record's columns, as the server's stores and the client's database both keep
/// them: the fields as one compact object with sorted keys, the stamps as an object of sortable HLC strings.
/// Written and read with the hand-written codec: every push, pull and local write passes here.
public enum RecordText {
    /// The fields column's text.
    public static func text(_ fields: [String: JSONValue]) -> String { JSONValue.object(fields).jsonText }

    /// The fields column's UTF-8 JSON.
    public static func bytes(_ fields: [String: JSONValue]) -> [UInt8] { JSONValue.object(fields).jsonBytes() }

    /// The stamps column's text.
    public static func text(_ stamps: [String: HLCTimestamp]) -> String {
        String(decoding: bytes(stamps), as: UTF8.self)
    }

    /// The stamps column's UTF-8 JSON: an object from field name to the stamp's sortable string form, keys
    /// sorted, the same bytes as `JSONValue.object(stamps.mapValues { .string($0.description) })`.
    public static func bytes(_ stamps: [String: HLCTimestamp]) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "{")]
        output.reserveCapacity(stamps.count * 48 + 2)
        for (position, key) in stamps.keys.sorted(by: JSONValue.utf8Precedes).enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            JSONValue.writeString(key, to: &output)
            output.append(UInt8(ascii: ":"))
            stamps[key]!.writeJSON(to: &output)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// Reads a fields column; anything but a JSON object is an error.
    public static func fields(_ text: String) throws(RecordTextError) -> [String: JSONValue] {
        let value: JSONValue
        do { value = try JSONValue(parsing: text) } catch { throw RecordTextError(message: "record fields: \(error)") }
        guard case .object(let fields) = value else { throw RecordTextError(message: "record fields: not an object") }
        return fields
    }

    /// Reads a stamps column; a member that is not a stamp's string form is an error.
    public static func stamps(_ text: String) throws(RecordTextError) -> [String: HLCTimestamp] {
        var stamps: [String: HLCTimestamp] = [:]
        for (field, value) in try fields(text) {
            guard let stamp = value.stringValue.flatMap(HLCTimestamp.init(string:)) else {
                throw RecordTextError(message: "record stamp of \(field): not a hybrid logical clock timestamp")
            }
            stamps[field] = stamp
        }
        return stamps
    }
}

/// A stored record column that does not read back: the database holds something this code never wrote.
public struct RecordTextError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the column.
    public let message: String

    /// The message.
    public var description: String { message }
}
