import Foundation
import SatchelShared

/// JSON text columns of the client database, through the fast JSON codec (every local write and
/// every pulled change passes here).
enum LocalCoding {
    static func encode(_ fields: [String: JSONValue]) -> String { JSONValue.object(fields).jsonText }

    static func encode(_ mutation: Mutation) -> String { String(decoding: mutation.encodedData(), as: UTF8.self) }

    static func fields(_ text: String) throws -> [String: JSONValue] {
        guard case .object(let fields) = try JSONValue(parsing: text) else { throw LocalStoreError.invalid("corrupt record") }
        return fields
    }

    static func mutation(_ text: String) throws -> Mutation {
        try Mutation(json: try JSONValue(parsing: text))
    }
}
