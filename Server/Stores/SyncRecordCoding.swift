import Foundation
import SatchelShared
import SatchelSync

/// JSON text columns of the sync tables, written and read with the fast JSON codec: they are on the
/// hot path of every push and pull. The record columns are ``RecordText``'s (shared with the client's
/// database); a column that does not read back is corrupt stored data (a logged 500).
enum SyncRecordCoding {
    static func text(_ fields: [String: JSONValue]) -> String { RecordText.text(fields) }

    static func text(_ stamps: [String: HLCTimestamp]) -> String { RecordText.text(stamps) }

    static func text(_ result: MutationResult) -> String {
        String(decoding: bytes(result), as: UTF8.self)
    }

    /// The fields column's UTF-8 JSON.
    static func bytes(_ fields: [String: JSONValue]) -> [UInt8] { RecordText.bytes(fields) }

    /// The stamps column's UTF-8 JSON.
    static func bytes(_ stamps: [String: HLCTimestamp]) -> [UInt8] { RecordText.bytes(stamps) }

    /// A stored mutation result's UTF-8 JSON (its wire form).
    static func bytes(_ result: MutationResult) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        result.write(to: &output)
        return output
    }

    static func fields(_ text: String) throws -> [String: JSONValue] {
        do { return try RecordText.fields(text) } catch { throw StoreError.corrupt("sync \(error)") }
    }

    static func stamps(_ text: String) throws -> [String: HLCTimestamp] {
        do { return try RecordText.stamps(text) } catch { throw StoreError.corrupt("sync \(error)") }
    }

    static func result(_ text: String) throws -> MutationResult {
        do { return try MutationResult(json: try JSONValue(parsing: text)) } catch {
            throw StoreError.corrupt("stored mutation result: \(error)")
        }
    }
}
