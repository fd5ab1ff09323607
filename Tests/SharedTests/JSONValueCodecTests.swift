import Foundation
import Testing
@testable import SatchelShared

/// Random JSON values for property tests, rich in the awkward parts: escapes, controls, non-ASCII, edge numbers.
enum RandomJSON {
    static let scalars: [Unicode.Scalar] = Array("abcXYZ019 _-:,{}[]".unicodeScalars) + [
        "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}", "\u{7F}", "é",
        "e", "\u{301}", "ß", "\u{2028}", "\u{FEFF}", "中", "😀", "\u{FFFD}", "\u{FFFF}", "\u{10FFFF}", "\u{80}",
    ]

    static let specialNumbers: [Double] = [
        0, -0.0, 1, -1, 0.1, 1e-5, 1e-7, 1e16, 1e21, 1e22, 1e23, 9_007_199_254_740_991, 9_007_199_254_740_992,
        9_007_199_254_740_994, .leastNonzeroMagnitude, 2.2250738585072014e-308, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        123_456_789.125, 0.30000000000000004,
    ]

    static func string(_ random: inout SeededGenerator, maxLength: Int = 10) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maxLength, using: &random) {
            text.append(scalars.randomElement(using: &random)!)
        }
        return String(text)
    }

    static func number(_ random: inout SeededGenerator) -> Double {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return Double(Int.random(in: -1_000...1_000, using: &random))
        case 1: return Double(Int64.random(in: -(1 << 53)...(1 << 53), using: &random))
        case 2: return Double.random(in: -1e6...1e6, using: &random)
        case 3: return Double(Int.random(in: -99_999...99_999, using: &random)) / 1_000
        case 4:
            while true {
                let value = Double(bitPattern: random.next())
                if value.isFinite { return value }
            }
        default: return specialNumbers.randomElement(using: &random)!
        }
    }

    static func value(_ random: inout SeededGenerator, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth >= 3 ? 4 : 6), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(number(&random))
        case 3: return .string(string(&random))
        case 4: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(&random, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                members[string(&random, maxLength: 6)] = value(&random, depth: depth + 1)
            }
            return .object(members)
        }
    }
}

@Suite("JSONValue parser and writer")
struct JSONValueCodecTests {
    static let accepted: [(String, JSONValue)] = [
        ("[]", .array([])), ("{}", .object([:])), (" [1] ", .array([.number(1)])), ("\"a\"", .string("a")),
        ("123", .number(123)), ("-0", .number(-0.0)), ("0", .number(0)), ("1E2", .number(100)),
        ("1e+2", .number(100)), ("-1.5e-3", .number(-0.0015)), ("0.5", .number(0.5)), ("1e007", .number(1e7)),
        ("true", .bool(true)), ("false", .bool(false)), ("null", .null), ("[-1]", .array([.number(-1)])),
        (#""\u00e9\u00E9""#, .string("éé")), (#""\ud83d\ude00""#, .string("😀")), (#""\u0041""#, .string("A")),
        (#""\"\\\/\b\f\n\r\t""#, .string("\"\\/\u{8}\u{C}\n\r\t")), (#""\u0000""#, .string("\u{0}")),
        (#"{"a":1,"a":2}"#, .object(["a": .number(2)])), ("[1,[2,[3]]]", .array([.number(1), .array([.number(2), .array([.number(3)])])])),
        (#"{"a":{"b":[]}}"#, .object(["a": .object(["b": .array([])])])), ("\"é😀\u{2028}\"", .string("é😀\u{2028}")),
        ("\u{FEFF}[1]", .array([.number(1)])), (" \t\n\r[\t1\n,\r2 ] ", .array([.number(1), .number(2)])),
        ("1.7976931348623157e308", .number(.greatestFiniteMagnitude)), ("5e-324", .number(.leastNonzeroMagnitude)),
        ("1e-400", .number(0)), ("123456789012345678901234567890", .number(1.2345678901234568e29)),
        ("0.1", .number(0.1)), ("[0.30000000000000004]", .array([.number(0.30000000000000004)])),
        (#"{"":0}"#, .object(["": .number(0)])), ("[\"\"]", .array([.string("")])), ("1.5E-0", .number(1.5)),
        ("9007199254740993", .number(9_007_199_254_740_992)), ("-123.456e2", .number(-12_345.6)),
    ]

    @Test("accepts valid JSON texts", arguments: accepted)
    func accepts(text: String, expected: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == expected)
        #expect(try JSONValue(parsing: Data(text.utf8)) == expected)
        #expect(try JSONValue(parsing: Array(text.utf8)) == expected)
        #expect(try JSONValue(parsing: text.utf8.lazy.map { $0 }) == expected, "non-contiguous bytes")
    }

    static let rejected: [(String, Int)] = [
        ("", 0), (" ", 1), ("[", 1), ("]", 0), ("[1,]", 3), ("[,1]", 1), (#"{"a":1,}"#, 7), (#"{"a" 1}"#, 5),
        ("{a:1}", 1), ("{'a':1}", 1), (#"{"a":1 "b":2}"#, 7), ("[01]", 1), ("[-]", 2), ("[1.]", 3), ("[.5]", 1),
        ("[+1]", 1), ("[1e]", 3), ("[1e+]", 4), ("[NaN]", 1), ("[Infinity]", 1), ("[-Infinity]", 2),
        ("[1e400]", 1), ("[-1e400]", 1), ("[tru]", 4), ("[nul]", 4), ("[True]", 1), ("\"abc", 0), (#""\x""#, 1),
        (#""\u12""#, 5), (#""\ud800""#, 1), (#""\udc00""#, 1), (#""\ud800\u0041""#, 1), (#""\ud800x""#, 1),
        ("[\"a\u{1}\"]", 3), ("\"\t\"", 1), ("[1] x", 4), ("[1]]", 3), ("{}{}", 2), ("0x10", 1), ("- 1", 1),
        ("1 2", 2), ("\"\\", 2), ("[1,2", 4), (#"{"a":"#, 5), (#"{"a""#, 4), ("\u{0}", 0), ("[1]\u{0}", 3),
        ("\u{FEFF}", 3), ("[\"\u{7F}\" 1]", 5), ("-01", 0), ("1.e1", 2), ("[1,,2]", 3), ("{\"a\":1}}", 7),
    ]

    @Test("rejects invalid JSON texts at the right byte", arguments: rejected)
    func rejects(text: String, offset: Int) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.offset == offset, "\(error)")
            #expect(error.description.hasPrefix("invalid JSON at byte \(offset): "))
        }
    }

    @Test("rejects malformed UTF-8 in and outside strings")
    func invalidUTF8() throws {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22], [0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22],
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0x80, 0x22], [0x22, 0x5C, 0x6E, 0xC3, 0x22], [0xC3, 0xA9],
            [0x22, 0x5C, 0x75, 0x30, 0x30, 0x10, 0x30, 0x22],
        ]
        for bytes in cases {
            #expect(throws: JSONParseError.self, "\(bytes)") { try JSONValue(parsing: bytes) }
        }
        #expect(try JSONValue(parsing: [0x22, 0xF4, 0x8F, 0xBF, 0xBF, 0x22] as [UInt8]) == .string("\u{10FFFF}"))
    }

    @Test("error messages are plain")
    func messages() {
        #expect(throws: JSONParseError(offset: 5, message: "expected ':' after an object key, found '1'")) {
            try JSONValue(parsing: #"{"a" 1}"#)
        }
        #expect(throws: JSONParseError(offset: 4, message: "expected ',' or ']', found the end of input")) {
            try JSONValue(parsing: "[1,2")
        }
    }

    @Test("nesting is limited to 512")
    func depth() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try JSONValue(parsing: deepest)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: tooDeep) }
        let objects = String(repeating: #"{"a":"#, count: 513) + "1" + String(repeating: "}", count: 513)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: objects) }
    }

    @Test("writes compact, sorted, minimally escaped JSON")
    func writing() {
        let object = JSONValue.object(["b": .number(1), "a": .array([.bool(true), .null, .string("x/y")])])
        #expect(object.jsonText == #"{"a":[true,null,"x/y"],"b":1}"#)
        let text = JSONValue.string("\"\\/\u{8}\u{C}\n\r\t\u{1}\u{1F}\u{7F}é😀")
        #expect(text.jsonText == "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\u{7F}é😀\"")
        let numbers: [Double] = [3, -0.0, 0.1, 1e-5, 1e16, 9_007_199_254_740_992, -42, 1.5, .infinity, .nan]
        #expect(JSONValue.array(numbers.map(JSONValue.number)).jsonText
            == "[3,-0,0.1,1e-05,1e+16,9007199254740992,-42,1.5,null,null]")
        let keys = ["a10", "a2", "B", "é", "e\u{301}x", "z", "\u{FFFF}", "😀"]
        let sorted = JSONValue.object(Dictionary(uniqueKeysWithValues: keys.map { ($0, JSONValue.null) })).jsonText
        #expect(sorted == #"{"B":null,"a10":null,"a2":null,"e\#u{301}x":null,"z":null,"é":null,"\#u{FFFF}":null,"😀":null}"#)
        #expect(Array(JSONValue.null.jsonData()) == Array("null".utf8))
    }

    @Test("strings of every length around the eight-byte fast path")
    func stringBoundaries() throws {
        for length in 0..<40 {
            for special in ["\"", "\\", "\u{1}", "\n", "é", "😀", "\u{7F}", "/"] {
                let text = String(repeating: "a", count: length) + special + String(repeating: "b", count: 40 - length)
                let value = JSONValue.string(text)
                #expect(value.jsonBytes() == Array(try SatchelJSON.encoder().encode(value)), "\(length) \(special)")
                #expect(try JSONValue(parsing: value.jsonBytes()) == value, "\(length) \(special)")
            }
            let raw = "\"" + String(repeating: "a", count: length) + "\u{1F}" + String(repeating: "b", count: 9) + "\""
            #expect(throws: JSONParseError(offset: length + 1, message: "control characters in strings must be escaped")) {
                try JSONValue(parsing: raw)
            }
            let open = "\"" + String(repeating: "a", count: length)
            #expect(throws: JSONParseError(offset: 0, message: "unterminated string")) { try JSONValue(parsing: open) }
        }
    }

    @Test("parse(write(v)) == v for random values")
    func roundTrip() throws {
        try forEachSeed { seed, random throws in
            let value = RandomJSON.value(&random)
            #expect(try JSONValue(parsing: value.jsonBytes()) == value, "seed \(seed)")
            #expect(try JSONValue(parsing: value.jsonText) == value, "seed \(seed)")
        }
    }

    @Test("writes the same bytes as SatchelJSON.encoder()")
    func sameBytesAsFoundation() throws {
        try forEachSeed { seed, random throws in
            let value = RandomJSON.value(&random)
            #expect(value.jsonBytes() == Array(try SatchelJSON.encoder().encode(value)), "seed \(seed)")
        }
    }

    @Test("agrees with Foundation in both directions")
    func agreesWithFoundation() throws {
        let pretty = SatchelJSON.encoder()
        pretty.outputFormatting.insert(.prettyPrinted)
        try forEachSeed { seed, random throws in
            let value = RandomJSON.value(&random)
            #expect(try JSONValue(parsing: SatchelJSON.encoder().encode(value)) == value, "seed \(seed)")
            #expect(try JSONValue(parsing: pretty.encode(value)) == value, "seed \(seed)")
            #expect(try SatchelJSON.decoder().decode(JSONValue.self, from: value.jsonData()) == value, "seed \(seed)")
        }
    }

    @Test("every proper prefix of a document is rejected")
    func prefixes() {
        forEachSeed(200) { seed, random in
            let bytes = JSONValue.array([RandomJSON.value(&random)]).jsonBytes()
            for end in 0..<bytes.count {
                #expect(throws: JSONParseError.self, "seed \(seed), prefix \(end)") { try JSONValue(parsing: bytes[..<end]) }
            }
        }
    }

    @Test("accepts and rejects corrupted documents as Foundation does")
    func corruptedAgreeWithFoundation() {
        let replacements: [UInt8] = Array("\"\\,]}:[{0-e.+ untf/".utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xFF]
        forEachSeed { seed, random in
            var bytes = JSONValue.array([RandomJSON.value(&random)]).jsonBytes()
            bytes[Int.random(in: 0..<bytes.count, using: &random)] = replacements.randomElement(using: &random)!
            let ours = try? JSONValue(parsing: bytes)
            let foundations = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
            #expect(ours == foundations, "seed \(seed): \(String(decoding: bytes, as: UTF8.self))")
        }
    }
}

