import Foundation
import SatchelShared

/// JSON text columns of the sync tables, written and read with the fast JSON codec: they are on the
/// hot path of every push and pull.
enum SyncRecordCoding {
    static func text(_ fields: [String: JSONValue]) -> String { JSONValue.object(fields).jsonText }

    static func text(_ stamps: [String: HLCTimestamp]) -> String {
        String(decoding: bytes(stamps), as: UTF8.self)
    }

    static func text(_ result: MutationResult) -> String {
        String(decoding: bytes(result), as: UTF8.self)
    }

    /// The fields column's UTF-8 JSON.
    static func bytes(_ fields: [String: JSONValue]) -> [UInt8] { JSONValue.object(fields).jsonBytes() }

    /// The stamps column's UTF-8 JSON: an object from field name to the stamp's sortable string form,
    /// keys sorted, the same bytes as `JSONValue.object(stamps.mapValues { .string($0.description) })`.
    static func bytes(_ stamps: [String: HLCTimestamp]) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "{")]
        output.reserveCapacity(stamps.count * 48 + 2)
        for (position, key) in stamps.keys.sorted(by: JSONValue.utf8Precedes).enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            JSONValue.writeString(key, to: &output)
            output.append(UInt8(ascii: ":"))
            let stamp = stamps[key]!
            output.append(UInt8(ascii: "\""))
            JSONValue.writeDigits(UInt64(stamp.wallMillis), minimumCount: 16, to: &output)
            output.append(UInt8(ascii: "-"))
            JSONValue.writeDigits(UInt64(stamp.counter), minimumCount: 10, to: &output)
            output.append(UInt8(ascii: "-"))
            JSONValue.writeEscaped(stamp.node, to: &output)
            output.append(UInt8(ascii: "\""))
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// A stored mutation result's UTF-8 JSON (its wire form).
    static func bytes(_ result: MutationResult) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        result.write(to: &output)
        return output
    }

    static func fields(_ text: String) throws -> [String: JSONValue] {
        guard case .object(let fields) = try JSONValue(parsing: text) else { throw StoreError.corrupt("sync record fields") }
        return fields
    }

    static func stamps(_ text: String) throws -> [String: HLCTimestamp] {
        try fields(text).mapValues { value in
            guard let stamp = value.stringValue.flatMap(HLCTimestamp.init(string:)) else {
                throw StoreError.corrupt("sync record stamp")
            }
            return stamp
        }
    }

    static func result(_ text: String) throws -> MutationResult {
        try MutationResult(json: try JSONValue(parsing: text))
    }
}
