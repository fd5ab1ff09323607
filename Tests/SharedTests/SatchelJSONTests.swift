import Foundation
import Testing
@testable import SatchelShared

@Suite("JSON conventions")
struct SatchelJSONTests {
    @Test("dates keep milliseconds and round-trip")
    func milliseconds() throws {
        let date = Date(timeIntervalSince1970: 1_800_000_000.123)
        #expect(SatchelJSON.string(from: date) == "2027-01-15T08:00:00.123Z")
        let decoded = try #require(SatchelJSON.date(from: "2027-01-15T08:00:00.123Z"))
        #expect(abs(decoded.timeIntervalSince(date)) < 0.0005)
        #expect(SatchelJSON.date(from: "2027-01-15T08:00:00Z") != nil, "seconds-only dates are accepted")
        #expect(SatchelJSON.date(from: "yesterday") == nil)
    }

    @Test("models encode camelCase keys and omit absent optionals")
    func keys() throws {
        let comment = SatchelShared.Comment(
            id: UUID(), postId: UUID(), parentId: nil, authorName: "A", authorUrl: nil, emailHash: "h",
            authorEmail: "a@example.com", userId: nil, body: "b", status: .approved, createdAt: Date(),
            clientCreatedAt: nil)
        let text = String(decoding: try SatchelJSON.encoder().encode(comment.publicView), as: UTF8.self)
        #expect(text.contains("\"emailHash\":\"h\""))
        #expect(text.contains("\"createdAt\""))
        #expect(!text.contains("authorEmail"))
        #expect(!text.contains("a@example.com"))
    }

    @Test("a malformed date is a decoding error, not a crash")
    func badDate() {
        let json = Data(#"{"token":"t","expiresAt":"not a date"}"#.utf8)
        #expect(throws: DecodingError.self) { try SatchelJSON.decoder().decode(TokenResponse.self, from: json) }
    }
}
