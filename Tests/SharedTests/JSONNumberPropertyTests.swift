import Foundation
import Testing
@testable import SatchelShared

/// Numbers are where a JSON parser's arithmetic can overflow: exponents and mantissas of any length.
@Suite("JSON numbers of any size")
struct JSONNumberPropertyTests {
    /// Each of these trapped the parser (exponent arithmetic past `Int`) and so killed the server process.
    static let hostileNumberTexts: [(text: String, value: Double?)] = [
        ("1e9999999999999999999", nil), ("1e9223372036854775808", nil), ("1.25e-9223372036854775807", 0),
        ("-1e9223372036854775807", nil), ("1e-99999999999999999999999999", 0), ("0.1e18446744073709551616", nil),
        ("12345678901234567890123e-9223372036854775808", 0), ("1" + String(repeating: "0", count: 400), nil),
        ("0." + String(repeating: "0", count: 400) + "1", 0), ("1E+0000000000000000000000000001", 10),
    ]

    @Test("hostile exponents and mantissas are parsed or refused, never trapped", arguments: hostileNumberTexts)
    func hostileNumbers(text: String, value: Double?) throws {
        if let value {
            #expect(try JSONValue(parsing: text) == .number(value))
        } else {
            #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        }
    }

    @Test("a sync push carrying a hostile number is refused as a bad message")
    func hostilePush() {
        for (text, _) in Self.hostileNumberTexts {
            let body = #"{"clientId":"x","mutations":[],"n":\#(text)}"#
            // Either outcome is fine (an unknown member may be ignored); reaching this line is the test.
            let result = Result { () throws(SyncWireError) in try PushRequest.decode(Data(body.utf8)) }
            if case .failure(let error) = result { #expect(!error.message.isEmpty) }
            let pull = Result { () throws(SyncWireError) in
                try PullResponse.decode(Data(#"{"changes":[],"cursor":"1","hasMore":false,"x":\#(text)}"#.utf8))
            }
            if case .failure(let error) = pull { #expect(!error.message.isEmpty) }
        }
    }

    /// A random number text: sign, integer digits, maybe a fraction, maybe an exponent of up to 25 digits.
    static func numberText(_ random: inout SeededGenerator) -> String {
        func digits(_ count: Int, _ random: inout SeededGenerator) -> String {
            String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
        }
        var text = Bool.random(using: &random) ? "-" : ""
        let integerDigits = [1, 1, 2, 5, 15, 17, 19, 20, 25, 40].randomElement(using: &random)!
        text += Int.random(in: 0..<4, using: &random) == 0 ? "0" : String(Int.random(in: 1...9, using: &random))
            + digits(integerDigits - 1, &random)
        if Bool.random(using: &random) { text += "." + digits(Int.random(in: 1...30, using: &random), &random) }
        if Bool.random(using: &random) {
            text += ["e", "E", "e+", "e-", "E-"].randomElement(using: &random)!
            text += digits([1, 2, 3, 4, 5, 10, 19, 20, 25].randomElement(using: &random)!, &random)
        }
        return text
    }

    @Test("number verdicts agree with JSONSerialization; values are the correctly rounded Double")
    func agreesWithJSONSerialization() {
        forEachSeed(5_000) { seed, random in
            let number = Self.numberText(&random)
            let text = "[\(number)]"
            let ours = try? JSONValue(parsing: text)
            let theirs = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any]
            // The standard library's parser rounds correctly (Foundation's may not for long mantissas).
            let exact = Double(number)
            switch (ours, theirs) {
            case (.array(let items)?, _?):
                #expect(items == [.number(exact!)], "seed \(seed): \(text)")
            case (nil, nil):
                break
            case (nil, _?):
                // Refused only past Double's range, which Foundation may read as infinity.
                #expect(exact?.isInfinite == true, "seed \(seed): \(text) refused, Foundation read it")
            case (let value?, _):
                Issue.record("seed \(seed): \(text) parsed as \(value), refused by Foundation")
            }
        }
    }
}
