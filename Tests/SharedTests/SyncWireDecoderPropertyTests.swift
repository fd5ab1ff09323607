import Foundation
import Testing
@testable import SatchelShared

/// The sync wire decoders read bytes from the network on both sides: corrupted messages must be refused
/// (never trap) and the verdicts must match Foundation's `Codable` decoding of the messages' twins
/// (``FoundationMirror``).
@Suite("Sync wire decoders on corrupted input")
struct SyncWireDecoderPropertyTests {
    static let replacements: [UInt8] = Array("\"\\,]}:[{0-9e.+ untf/E".utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xFF]

    /// `bytes` with one to three bytes replaced, deleted or doubled.
    static func corrupt(_ bytes: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
            let index = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: bytes[index] = replacements.randomElement(using: &random)!
            case 1: bytes.remove(at: index)
            default: bytes.insert(bytes[index], at: index)
            }
        }
        return bytes
    }

    /// Where the wire decoder is deliberately stricter than Foundation: strict RFC 8259 JSON (Foundation's
    /// parser on Linux lets trailing commas and leading zeros through), integers of magnitude 2^53 or more (where a
    /// `Double` stops holding every integer) and UUIDs in the 8-4-4-4-12 hex form only. True when `bytes`
    /// breaks one of them.
    static func breaksStricterRule(_ bytes: [UInt8]) -> Bool {
        guard let value = try? JSONValue(parsing: bytes) else { return true }
        func walk(_ value: JSONValue) -> Bool {
            switch value {
            case .object(let members):
                for (key, member) in members {
                    if ["version", "baseVersion"].contains(key), case .number(let number) = member,
                       number.magnitude >= 9_007_199_254_740_992 { return true }
                    if ["id", "recordId"].contains(key), case .string(let text) = member, UUID(text: text) == nil {
                        return true
                    }
                    if walk(member) { return true }
                }
                return false
            case .array(let items): return items.contains(where: walk)
            default: return false
            }
        }
        return walk(value)
    }

    /// Where the wire decoder is deliberately more lenient than Foundation: a number too small for a `Double`
    /// (`4e-822`) is zero to it (``JSONValue``'s documented rule), while Foundation refuses the document.
    static func underflows(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        var index = text.startIndex
        while let exponent = text[index...].firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let digits = text[text.index(after: exponent)...].drop(while: { $0 == "-" || $0 == "+" }).prefix(while: \.isNumber)
            if text[text.index(after: exponent)...].hasPrefix("-"), let power = Int(digits), power > 307 { return true }
            index = text.index(after: exponent)
        }
        return false
    }

    /// Foundation and the wire decoder agree, but for documents breaking a stricter rule, which only ours refuses,
    /// and numbers that underflow, which only Foundation refuses.
    static func expectSameVerdict(ours: Bool, foundations: Bool, _ bytes: [UInt8], seed: UInt64) {
        if ours == foundations { return }
        let text = String(decoding: bytes, as: UTF8.self)
        let expected = ours ? underflows(bytes) : (foundations && breaksStricterRule(bytes))
        #expect(expected, "seed \(seed): ours \(ours), Foundation \(foundations): \(text)")
    }

    @Test("corrupted pushes: the wire decoder and Foundation accept and reject the same documents")
    func pushes() {
        forEachSeed(3_000) { seed, random in
            let request = PushRequest(
                clientId: "laptop",
                mutations: (0..<Int.random(in: 1...2, using: &random)).map { _ in RandomWire.mutation(&random) })
            let bytes = Self.corrupt(Array(request.encodedData()), &random)
            let ours = try? PushRequest.decode(Data(bytes))
            let foundations = (try? SatchelJSON.decoder().decode(PushRequestMirror.self, from: Data(bytes)))?.message
            Self.expectSameVerdict(ours: ours != nil, foundations: foundations != nil, bytes, seed: seed)
            if let ours, let foundations {
                #expect(WirePushRequest(ours) == WirePushRequest(foundations), "seed \(seed)")
            }
        }
    }

    @Test("corrupted pulls: the wire decoder and Foundation accept and reject the same documents")
    func pulls() {
        forEachSeed(3_000) { seed, random in
            let pull = PullResponse(
                changes: (0..<Int.random(in: 1...2, using: &random)).map { _ in RandomWire.change(&random) },
                cursor: "42", hasMore: Bool.random(using: &random))
            let bytes = Self.corrupt(Array(pull.encodedData()), &random)
            let ours = try? PullResponse.decode(Data(bytes))
            let foundations = (try? SatchelJSON.decoder().decode(PullResponseMirror.self, from: Data(bytes)))?.message
            Self.expectSameVerdict(ours: ours != nil, foundations: foundations != nil, bytes, seed: seed)
        }
    }
}
