import Foundation
import SatchelShared
import Testing
@testable import SatchelServer

/// The server's length limits count what JSON Schema's `minLength`/`maxLength` count (code points), so a
/// request the OpenAPI document allows is never refused for its length, and one it forbids is never taken;
/// text counted "after trimming" must hold more than whitespace.
@Suite("Text limits agree with the schema")
struct TextLimitTests {
    /// "é" written as "e" + U+0301: one character on screen, two code points.
    static let decomposedE = "e\u{301}"

    @Test("combining marks and CRLF count as two code points each")
    func length() {
        #expect(TextRules.length(String(repeating: Self.decomposedE, count: 4)) == 8)
        #expect(String(repeating: Self.decomposedE, count: 4).count == 4, "Swift's count sees graphemes")
        #expect(TextRules.length("\r\n") == 2)
        #expect(TextRules.length("😀") == 1)
        #expect(TextRules.length("") == 0)
    }

    @Test("maxLength refuses more code points than allowed, even when the graphemes fit")
    func maxLengthCountsCodePoints() throws {
        var validator = FieldValidator()
        let fits = validator.text(String(repeating: Self.decomposedE, count: 5), field: "title", maxLength: 10)
        #expect(fits != nil)
        #expect(validator.errors.isEmpty)
        let over = validator.text(String(repeating: Self.decomposedE, count: 6), field: "title", maxLength: 10)
        #expect(over == nil, "6 graphemes but 12 code points is over a limit of 10")
        #expect(validator.errors.map(\.field) == ["title"])
    }

    @Test("a tag of 40 graphemes but 80 code points is refused")
    func tagLength() {
        var validator = FieldValidator()
        #expect(validator.tags([String(repeating: Self.decomposedE, count: 20)]) != nil)
        #expect(validator.tags([String(repeating: Self.decomposedE, count: 21)]) == nil)
        #expect(validator.errors.map(\.field) == ["tags"])
    }

    @Test("required text of Unicode spaces and newlines only is empty after trimming")
    func blankText() {
        var validator = FieldValidator()
        #expect(validator.text(" \t\r\n\u{2028}\u{85}\u{A0}\u{3000}", field: "title", maxLength: 300) == nil)
        #expect(validator.errors == [FieldError(field: "title", message: "must not be empty.")])
        #expect(validator.text("  x ", field: "body", maxLength: 300) == "x")
    }
}
