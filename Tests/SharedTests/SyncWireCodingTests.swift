import Foundation
import Testing
@testable import SatchelShared

/// Random sync messages for property tests.
enum RandomWire {
    static func uuid(_ random: inout SeededGenerator) -> UUID {
        let hex = Array("0123456789ABCDEF")
        var text = ""
        for position in 0..<32 {
            if [8, 12, 16, 20].contains(position) { text.append("-") }
            text.append(hex[Int(random.next() % 16)])
        }
        return UUID(uuidString: text)!
    }

    static func hlc(_ random: inout SeededGenerator) -> HLCTimestamp {
        HLCTimestamp(
            wallMillis: Int64.random(in: 0...HLCTimestamp.maxWallMillis, using: &random),
            counter: UInt32.random(in: 0...UInt32.max, using: &random), node: RandomJSON.string(&random))
    }

    /// A value whose round trip is exact: `null` as an optional's payload decodes as `nil`.
    static func optionalValue(_ random: inout SeededGenerator) -> JSONValue? {
        let value = RandomJSON.value(&random)
        return Bool.random(using: &random) || value == .null ? nil : value
    }

    static func version(_ random: inout SeededGenerator) -> Int { Int.random(in: 0...(1 << 53), using: &random) }

    static func mutation(_ random: inout SeededGenerator) -> Mutation {
        var fields: [String: FieldChange] = [:]
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            fields[RandomJSON.string(&random, maxLength: 6)] = FieldChange(
                base: optionalValue(&random), value: RandomJSON.value(&random))
        }
        return Mutation(
            id: uuid(&random), entity: SyncEntity.allCases.randomElement(using: &random)!, recordId: uuid(&random),
            op: MutationOp.allCases.randomElement(using: &random)!,
            baseVersion: Bool.random(using: &random) ? version(&random) : nil, hlc: hlc(&random), fields: fields)
    }

    static func result(_ random: inout SeededGenerator) -> MutationResult {
        MutationResult(
            id: uuid(&random), status: MutationStatus.allCases.randomElement(using: &random)!,
            version: Bool.random(using: &random) ? version(&random) : nil, record: optionalValue(&random),
            deleted: Bool.random(using: &random),
            conflictIds: (0..<Int.random(in: 0...2, using: &random)).map { _ in uuid(&random) },
            reason: Bool.random(using: &random) ? RandomJSON.string(&random) : nil,
            code: Bool.random(using: &random) ? RejectionCode.allCases.randomElement(using: &random)!.rawValue : nil)
    }

    static func change(_ random: inout SeededGenerator) -> SyncChange {
        SyncChange(
            entity: SyncEntity.allCases.randomElement(using: &random)!, recordId: uuid(&random),
            version: version(&random), deleted: Bool.random(using: &random), record: RandomJSON.value(&random))
    }

    static func date(_ random: inout SeededGenerator) -> Date {
        Date(timeIntervalSince1970: Double(Int64.random(in: 0...4_102_444_800_000, using: &random)) / 1_000)
    }
}

@Suite("Sync wire coding")
struct SyncWireCodingTests {
    /// Checks that the message's writer and Foundation's synthesized coding of its twin write the same bytes, and
    /// that each reads the other's output back to the same message (`same` compares two messages).
    func checkAgainstFoundation<Mirror: FoundationMirror>(
        _ value: Mirror.Message, as mirror: Mirror.Type, seed: UInt64,
        same: (Mirror.Message, Mirror.Message) -> Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let ours = value.encodedData()
        let foundations = try SatchelJSON.encoder().encode(Mirror(value))
        #expect(Array(ours) == Array(foundations), "seed \(seed)", sourceLocation: sourceLocation)
        #expect(same(try SatchelJSON.decoder().decode(Mirror.self, from: ours).message, value), "seed \(seed)",
                sourceLocation: sourceLocation)
        #expect(same(try Mirror.Message.decode(foundations), value), "seed \(seed)", sourceLocation: sourceLocation)
    }

    @Test("mutations match Foundation's coding")
    func mutations() throws {
        try forEachSeed { seed, random throws in
            try checkAgainstFoundation(RandomWire.mutation(&random), as: MutationMirror.self, seed: seed, same: ==)
        }
    }

    @Test("mutation results match Foundation's coding")
    func results() throws {
        try forEachSeed { seed, random throws in
            try checkAgainstFoundation(RandomWire.result(&random), as: MutationResultMirror.self, seed: seed, same: ==)
        }
    }

    @Test("sync changes match Foundation's coding")
    func changes() throws {
        try forEachSeed { seed, random throws in
            try checkAgainstFoundation(RandomWire.change(&random), as: SyncChangeMirror.self, seed: seed, same: ==)
        }
    }

    @Test("push and pull messages match Foundation's coding")
    func messages() throws {
        try forEachSeed { seed, random throws in
            let request = PushRequest(
                clientId: RandomJSON.string(&random),
                mutations: (0..<Int.random(in: 0...4, using: &random)).map { _ in RandomWire.mutation(&random) })
            try checkAgainstFoundation(request, as: PushRequestMirror.self, seed: seed) {
                WirePushRequest($0) == WirePushRequest($1)
            }
            let response = PushResponse(
                results: (0..<Int.random(in: 0...4, using: &random)).map { _ in RandomWire.result(&random) },
                serverTime: RandomWire.date(&random))
            try checkAgainstFoundation(response, as: PushResponseMirror.self, seed: seed) {
                WirePushResponse($0) == WirePushResponse($1)
            }
            let pull = PullResponse(
                changes: (0..<Int.random(in: 0...4, using: &random)).map { _ in RandomWire.change(&random) },
                cursor: RandomJSON.string(&random), hasMore: Bool.random(using: &random))
            try checkAgainstFoundation(pull, as: PullResponseMirror.self, seed: seed) {
                WirePullResponse($0) == WirePullResponse($1)
            }
        }
    }

    @Test("a mutation writes the documented bytes: sorted keys, uppercase UUIDs, nil optionals omitted")
    func fixedText() {
        let id = UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!
        let mutation = Mutation(
            id: id, entity: .draft, recordId: id, op: .update, baseVersion: 3,
            hlc: HLCTimestamp(wallMillis: 1_732_850_000_000, counter: 7, node: "laptop"),
            fields: ["title": FieldChange(base: nil, value: .string("New"))])
        #expect(String(decoding: mutation.encodedData(), as: UTF8.self) == #"{"baseVersion":3,"entity":"draft","#
            + #""fields":{"title":{"value":"New"}},"hlc":"0001732850000000-0000000007-laptop","#
            + #""id":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","op":"update","recordId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F"}"#)
    }

    @Test("reads lowercase UUIDs, ignores unknown keys, and reads a null base as nil")
    func leniency() throws {
        let id = UUID(), recordId = UUID()
        let text = """
            {"id":"\(id.uuidString.lowercased())","entity":"draft","recordId":"\(recordId.uuidString.lowercased())",
             "op":"update","hlc":"0001732850000000-0000000007-laptop","extra":[1],
             "fields":{"title":{"base":null,"value":"New"}}}
            """
        let mutation = try Mutation(json: JSONValue(parsing: text))
        #expect(mutation.id == id && mutation.recordId == recordId && mutation.baseVersion == nil)
        #expect(mutation.hlc == HLCTimestamp(wallMillis: 1_732_850_000_000, counter: 7, node: "laptop"))
        #expect(mutation.fields == ["title": FieldChange(base: nil, value: .string("New"))])
        #expect(try SatchelJSON.decoder().decode(MutationMirror.self, from: Data(text.utf8)).message == mutation)
    }

    static let mutation = #"{"id":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","entity":"draft","op":"update","#
        + #""recordId":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","hlc":"0001732850000000-0000000000-n","fields":{}}"#

    static let pushErrors: [(String, String)] = [
        (#"{"clientId":"c","mutations":[\#(mutation),\#(mutation),\#(mutation),\#(mutation.replacingOccurrences(of: "0001732850000000-0000000000-n", with: "nope"))]}"#,
         "mutations[3].hlc: expected a hybrid logical clock timestamp"),
        (#"{"mutations":[]}"#, "clientId: required field is missing"),
        (#"{"clientId":7,"mutations":[]}"#, "clientId: expected a string"),
        (#"{"clientId":"c","mutations":{}}"#, "mutations: expected an array"),
        (#"{"clientId":"c","mutations":[\#(mutation.replacingOccurrences(of: "draft", with: "post"))]}"#,
         "mutations[0].entity: expected one of savedArticle, draft, comment, conflict, highlight, follow"),
        (#"{"clientId":"c","mutations":[\#(mutation.replacingOccurrences(of: "{}", with: #"{"title":1}"#))]}"#,
         "mutations[0].fields.title: expected an object"),
        (#"{"clientId":"c","mutations":[\#(mutation.replacingOccurrences(of: "{}", with: #"{"a b":{}}"#))]}"#,
         #"mutations[0].fields["a b"].value: required field is missing"#),
        (#"{"clientId":"c","mutations":[\#(mutation.replacingOccurrences(of: "\"fields\"", with: #""baseVersion":1.5,"fields""#))]}"#,
         "mutations[0].baseVersion: expected an integer"),
        (#"{"clientId":"c","mutations":[\#(mutation.replacingOccurrences(of: "\"E621E1F8", with: "\"X621E1F8"))]}"#,
         "mutations[0].id: expected a UUID"),
        (#"{"clientId":"c","mutations":[null]}"#, "mutations[0]: expected an object"),
        ("[]", "expected an object"),
        (#"{"clientId":"c","mutations":[}"#, "invalid JSON at byte 29: expected a value, found '}'"),
    ]

    @Test("push request errors name the bad field", arguments: pushErrors)
    func pushRequestErrors(text: String, expected: String) {
        #expect(throws: SyncWireError.self) { try PushRequest.decode(Data(text.utf8)) }
        do {
            _ = try PushRequest.decode(Data(text.utf8))
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test("response errors name the bad field")
    func responseErrors() {
        let result = #"{"id":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","status":"applied","deleted":false,"conflictIds":[]}"#
        let badIds = result.replacingOccurrences(of: "[]", with: #"["E621E1F8-C36C-495A-93FC-0C247A3E6E5F","x"]"#)
        #expect(throws: SyncWireError(path: "results[1].conflictIds[1]", message: "expected a UUID")) {
            try PushResponse.decode(Data(#"{"results":[\#(result),\#(badIds)],"serverTime":"2026-11-29T10:15:30.123Z"}"#.utf8))
        }
        #expect(throws: SyncWireError(path: "serverTime", message: "expected an ISO 8601 date such as 2026-11-29T10:15:30.123Z")) {
            try PushResponse.decode(Data(#"{"results":[],"serverTime":"yesterday"}"#.utf8))
        }
        #expect(throws: SyncWireError(path: "changes[0]", message: "expected an object")) {
            try PullResponse.decode(Data(#"{"changes":[1],"cursor":"c","hasMore":false}"#.utf8))
        }
        #expect(throws: SyncWireError(path: "hasMore", message: "expected true or false")) {
            try PullResponse.decode(Data(#"{"changes":[],"cursor":"c","hasMore":0}"#.utf8))
        }
    }
}

/// Equatable wrappers for the messages that are not `Equatable` themselves.
struct WirePushRequest: Equatable {
    var base: PushRequest
    init(_ base: PushRequest) { self.base = base }
    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.base.clientId == rhs.base.clientId && lhs.base.mutations == rhs.base.mutations
    }
}

struct WirePushResponse: Equatable {
    var base: PushResponse
    init(_ base: PushResponse) { self.base = base }
    /// Dates compare to the millisecond, the wire's precision.
    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.base.results == rhs.base.results && lhs.base.serverTime.millis == rhs.base.serverTime.millis
    }
}

struct WirePullResponse: Equatable {
    var base: PullResponse
    init(_ base: PullResponse) { self.base = base }
    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.base.changes == rhs.base.changes && lhs.base.cursor == rhs.base.cursor && lhs.base.hasMore == rhs.base.hasMore
    }
}
