import Foundation
import SatchelShared

/// `--json` output: the Satchel JSON conventions (camelCase, ISO 8601 dates with milliseconds), pretty printed.
public enum JSONOutput {
    /// The value as JSON text, ending with a newline.
    public static func render<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = SatchelJSON.encoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

/// A record with its sync state, encoded as the record's own keys plus `syncState`.
struct WithState<Value: Encodable & Sendable>: Encodable, Sendable {
    var value: Value
    var syncState: String

    private enum CodingKeys: String, CodingKey { case syncState }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(syncState, forKey: .syncState)
    }
}

/// What a local change reports under `--json`: the record and whether it reached the server yet.
struct ChangeReport<Value: Encodable & Sendable>: Encodable, Sendable {
    var record: Value?
    var sync: SyncOutcome
}
