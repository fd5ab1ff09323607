import Foundation
import SatchelShared
import SatchelSync

/// JSON text columns of the client database, through the fast JSON codec (every local write and
/// every pulled change passes here); record columns are ``RecordText``'s, shared with the server's stores.
enum LocalCoding {
    static func encode(_ fields: [String: JSONValue]) -> String { RecordText.text(fields) }

    static func encode(_ mutation: Mutation) -> String { String(decoding: mutation.encodedData(), as: UTF8.self) }

    static func fields(_ text: String) throws -> [String: JSONValue] {
        do { return try RecordText.fields(text) } catch { throw LocalStoreError.invalid("corrupt \(error)") }
    }

    static func mutation(_ text: String) throws -> Mutation {
        try Mutation(json: try JSONValue(parsing: text))
    }
}
