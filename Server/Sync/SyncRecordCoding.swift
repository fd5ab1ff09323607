import Foundation
import Shared

/// JSON text columns of the sync tables, written and read with the fast JSON codec: they are on the
/// hot path of every push and pull.
enum SyncRecordCoding {
    static func text(_ fields: [String: JSONValue]) -> String { JSONValue.object(fields).jsonText }

    static func text(_ stamps: [String: HLCTimestamp]) -> String {
        JSONValue.object(stamps.mapValues { .string($0.description) }).jsonText
    }

    static func text(_ result: MutationResult) -> String {
        String(decoding: result.encodedData(), as: UTF8.self)
    }

    static func fields(_ text: String) throws -> [String: JSONValue] {
        guard case .object(let fields) = try JSONValue(parsing: text) else { throw StoreError.unavailable("corrupt record") }
        return fields
    }

    static func stamps(_ text: String) throws -> [String: HLCTimestamp] {
        try fields(text).mapValues { value in
            guard let stamp = value.stringValue.flatMap(HLCTimestamp.init(string:)) else {
                throw StoreError.unavailable("corrupt stamp")
            }
            return stamp
        }
    }

    static func result(_ text: String) throws -> MutationResult {
        try MutationResult(json: try JSONValue(parsing: text))
    }
}
