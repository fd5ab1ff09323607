import Foundation
import Testing
@testable import SatchelShared

/// Pull pages are read keeping records as text (`PullResponse.decode`): that reader must accept, refuse and
/// explain exactly what the generic wire reading (`PullResponse(json:)` over a parsed tree) does, and its
/// record text must parse to the same record.
@Suite("Pull pages read with records kept as text")
struct PullResponseDecodingTests {
    /// Both decoders' outcome for `bytes`: the changes (records parsed) and paging, or the error.
    static func outcomes(_ bytes: [UInt8]) -> (ours: Result<PullResponse, SyncWireError>, generic: Result<PullResponse, SyncWireError>) {
        let ours = Result { () throws(SyncWireError) in
            let page = try PullResponse.decode(Data(bytes))
            let changes = try page.changes.map { change throws(SyncWireError) in
                do { return try change.parsed() } catch { throw SyncWireError(path: "", message: "record text: \(error)") }
            }
            return PullResponse(changes: changes, cursor: page.cursor, hasMore: page.hasMore)
        }
        let generic = Result { () throws(SyncWireError) in
            let tree: JSONValue
            do throws(JSONParseError) { tree = try JSONValue(parsing: Data(bytes)) } catch { throw SyncWireError(path: "", message: error.description) }
            return try PullResponse(json: tree)
        }
        return (ours, generic)
    }

    static func expectSame(_ bytes: [UInt8], seed: UInt64 = 0) {
        let (ours, generic) = outcomes(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        switch (ours, generic) {
        case (.success(let ours), .success(let generic)):
            #expect(ours.changes == generic.changes && ours.cursor == generic.cursor && ours.hasMore == generic.hasMore,
                    "seed \(seed): \(text)")
        case (.failure(let ours), .failure(let generic)):
            #expect(ours == generic, "seed \(seed): \(text)")
        default:
            Issue.record("seed \(seed): one decoder accepted, the other refused: \(ours) / \(generic): \(text)")
        }
    }

    @Test("random pages read the same, records included")
    func randomPages() {
        forEachSeed(2_000) { seed, random in
            let pull = PullResponse(
                changes: (0..<Int.random(in: 0...3, using: &random)).map { _ in RandomWire.change(&random) },
                cursor: String(random.next() % 10_000), hasMore: Bool.random(using: &random))
            Self.expectSame(Array(pull.encodedData()), seed: seed)
        }
    }

    @Test("corrupted pages: the same verdict and the same error, byte offset and field path included")
    func corruptedPages() {
        forEachSeed(4_000, base: 0x9A6E_0001) { seed, random in
            let pull = PullResponse(
                changes: (0..<Int.random(in: 1...2, using: &random)).map { _ in RandomWire.change(&random) },
                cursor: "42", hasMore: Bool.random(using: &random))
            Self.expectSame(SyncWireDecoderPropertyTests.corrupt(Array(pull.encodedData()), &random), seed: seed)
        }
    }

    @Test("hand-picked bodies: wrong shapes, missing fields, whitespace, duplicate keys, bad text in records", arguments: [
        #"[]"#, #"{}"#, #"{"changes":null,"cursor":"c","hasMore":false}"#, #"{"changes":{},"cursor":"c","hasMore":false}"#,
        #"{"changes":[1],"cursor":"c","hasMore":false}"#, #"{"changes":[],"cursor":"c","hasMore":0}"#,
        #"{"changes":[],"hasMore":true}"#, #"{"changes":[{"entity":"savedArticle"}],"cursor":"c","hasMore":false}"#,
        #"{"changes":[{"entity":"savedArticle","recordId":"0191C1A0-0000-7000-8000-000000000001","version":3,"deleted":false}],"cursor":"c","hasMore":false}"#,
        #" { "changes" : [ { "record" : { "a" : [ 1 , "\u00e9\n" ] } , "entity" : "savedArticle" , "recordId" : "0191c1a0-0000-7000-8000-000000000001" , "version" : 3 , "deleted" : true } ] , "cursor" : "c" , "hasMore" : false } "#,
        #"{"changes":[{"entity":"savedArticle","recordId":"0191C1A0-0000-7000-8000-000000000001","version":3,"deleted":false,"record":null,"record":{"x":1}}],"changes":[],"cursor":"c","hasMore":false}"#,
        #"{"changes":[{"entity":"savedArticle","recordId":"0191C1A0-0000-7000-8000-000000000001","version":3,"deleted":false,"record":{"x":01}}],"cursor":"c","hasMore":false}"#,
        #"{"changes":[{"entity":"savedArticle","recordId":"0191C1A0-0000-7000-8000-000000000001","version":3,"deleted":false,"record":{"x":"\ud800"}}],"cursor":"c","hasMore":false}"#,
        #"{"changes":[{"entity":"savedArticle","recordId":"0191C1A0-0000-7000-8000-000000000001","version":3,"deleted":false,"record":["#,
        #"{"changes":[],"cursor":"c","hasMore":false} x"#,
    ])
    func handPicked(_ body: String) {
        Self.expectSame(Array(body.utf8))
    }

    @Test("invalid UTF-8 and raw control bytes inside a record are refused like the generic decoder does")
    func badBytesInRecords() {
        let prefix = #"{"changes":[{"entity":"savedArticle","recordId":"0191C1A0-0000-7000-8000-000000000001","version":3,"deleted":false,"record":{"t":""#
        for bad: [UInt8] in [[0xC3], [0xFF], [0xED, 0xA0, 0x80], [0x01], [0x0A]] {
            let bytes = Array(prefix.utf8) + bad + Array(#""}}],"cursor":"c","hasMore":false}"#.utf8)
            #expect((try? PullResponse.decode(Data(bytes))) == nil)
            Self.expectSame(bytes)
        }
    }

    @Test("a record's text is kept byte for byte and reads back to the same fields")
    func recordTextKept() throws {
        let body = #"{"changes":[{"entity":"savedArticle","recordId":"0191C1A0-0000-7000-8000-000000000001","version":7,"deleted":false,"record":{"title":"Caf\u00e9 \/ bar","tags":["a"]}}],"cursor":"9","hasMore":true}"#
        let page = try PullResponse.decode(Data(body.utf8))
        let change = try #require(page.changes.first)
        #expect(change.recordText == #"{"title":"Caf\u00e9 \/ bar","tags":["a"]}"#)
        #expect(change.recordIsObject && change.version == 7 && page.cursor == "9" && page.hasMore)
        #expect(try change.parsed().record == .object(["title": .string("Café / bar"), "tags": .array([.string("a")])]))
    }
}
