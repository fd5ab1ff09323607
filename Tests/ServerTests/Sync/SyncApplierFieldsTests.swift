import Foundation
import SatchelShared
import Testing
@testable import SatchelSync

/// The synced records of conflicts and queued comments are written member by member, with no Foundation
/// round trip that could fail: they must hold exactly what the models' JSON form holds.
@Suite("SyncApplier record fields")
struct SyncApplierFieldsTests {
    /// The model's JSON, as `SatchelJSON.encoder()` writes it, read back as fields.
    static func foundationFields(_ value: some Encodable) throws -> [String: JSONValue] {
        let data = try SatchelJSON.encoder().encode(value)
        guard case .object(let fields) = try JSONValue(parsing: data) else {
            Issue.record("not an object")
            return [:]
        }
        return fields
    }

    static let when = Date(timeIntervalSince1970: 1_800_000_000.1234)

    @Test("a conflict's fields are its JSON form, with and without the optional members", arguments: [false, true])
    func conflict(full: Bool) throws {
        let conflict = ConflictRecord(
            id: UUID(), entity: .draft, recordId: UUID(), field: "body", base: full ? .string("b\u{e9}") : nil,
            local: .object(["x": .number(1.5)]), remote: .array([.null, .bool(true)]), rule: "textMerge",
            kept: .string("k"), clientId: "laptop \u{1F4BB}", createdAt: Self.when, resolved: full,
            resolution: full ? "mine" : nil)
        #expect(SyncApplier.fields(of: conflict) == (try Self.foundationFields(conflict)))
    }

    @Test("a queued comment's fields are its public JSON form: no email, optionals omitted when absent", arguments: [false, true])
    func comment(full: Bool) throws {
        let comment = Comment(
            id: UUID(), postId: UUID(), parentId: full ? UUID() : nil, authorName: "Ann \"A\"",
            authorUrl: full ? "https://ann.test" : nil, emailHash: String(repeating: "ab", count: 32),
            authorEmail: "ann@example.test", userId: full ? UUID() : nil, body: "line\nline", status: .pending,
            createdAt: Self.when, clientCreatedAt: full ? Self.when.addingTimeInterval(-60) : nil)
        let fields = SyncApplier.fields(of: comment)
        #expect(fields == (try Self.foundationFields(comment.publicView)))
        #expect(fields["authorEmail"] == nil)
    }
}
