import Foundation
import SatchelShared

/// Stops the benchmark when two stacks disagree, in release builds too (`assert` is compiled out there).
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("equivalence check failed: \(message())") }
}

/// Every measured row, after checking that both stacks read and write equal values for it.
struct BenchCases {
    /// The inputs.
    let inputs: BenchInputs
    /// `SatchelJSON.decoder()`, made once as a server or client would keep it.
    let decoder = SatchelJSON.decoder()
    /// `SatchelJSON.encoder()`, made once.
    let encoder = SatchelJSON.encoder()
    /// `SatchelJSON.encoder()` without `.sortedKeys`: what sorting the keys costs Foundation.
    let unsortedEncoder: JSONEncoder = {
        let encoder = SatchelJSON.encoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
    /// Whether each `JSONSerialization` write produced the same bytes as the hand-written writer (else the same value).
    private(set) var sameBytes: [String: Bool] = [:]

    /// Builds the rows' inputs and runs every check.
    init(inputs: BenchInputs) throws {
        self.inputs = inputs
        try checkPush()
        try checkPull()
        try checkPost()
        try checkRecordAndCursor()
    }

    /// The options `JSONSerialization` writes with to come closest to the hand-written writer's bytes.
    static let serializationOptions: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]

    /// Checks a `JSONSerialization` write of `value` against the hand-written bytes; records whether the bytes match.
    private mutating func checkSerializationWrite(_ key: String, _ value: JSONValue, options: JSONSerialization.WritingOptions = serializationOptions) throws {
        let written = try JSONSerialization.data(withJSONObject: FoundationTree.object(value), options: options)
        check(try JSONValue(parsing: written) == value, "\(key): JSONSerialization wrote a different value")
        sameBytes[key] = written == value.jsonData()
    }

    /// Checks that the untyped parsers agree on `bytes`.
    private func checkUntyped(_ name: String, _ bytes: Data) throws {
        let tree = try JSONValue(parsing: bytes)
        check(FoundationTree.value(try JSONSerialization.jsonObject(with: bytes)) == tree, "\(name): JSONSerialization parsed a different value")
        check(try decoder.decode(JSONValue.self, from: bytes) == tree, "\(name): JSONDecoder parsed a different JSONValue")
    }

    /// The push request and response: both stacks read equal messages and write the same bytes.
    private mutating func checkPush() throws {
        let push = inputs.push, bytes = inputs.pushBytes
        let hand = try PushRequest.decode(bytes)
        check(hand.clientId == push.clientId && hand.mutations == push.mutations, "push: hand-written decode")
        let mirror = try decoder.decode(PushRequestMirror.self, from: bytes).wire
        check(mirror.clientId == push.clientId && mirror.mutations == push.mutations, "push: JSONDecoder decode")
        check(try encoder.encode(PushRequestMirror(push)) == bytes, "push: JSONEncoder wrote other bytes")
        check(try JSONValue(parsing: unsortedEncoder.encode(PushRequestMirror(push))) == JSONValue(parsing: bytes),
              "push: JSONEncoder without sorted keys wrote another value")
        try checkUntyped("push", bytes)
        let tree = try JSONValue(parsing: bytes)
        check(tree.jsonData() == bytes, "push: the JSONValue tree wrote other bytes")
        try checkSerializationWrite("push", tree)

        let response = inputs.pushResponse, responseBytes = inputs.pushResponseBytes
        let handResponse = try PushResponse.decode(responseBytes)
        check(handResponse.results == response.results && handResponse.serverTime.millis == response.serverTime.millis,
              "push response: hand-written decode")
        let mirrorResponse = try decoder.decode(PushResponseMirror.self, from: responseBytes)
        check(mirrorResponse.wireResults == response.results && mirrorResponse.serverTime.millis == response.serverTime.millis,
              "push response: JSONDecoder decode")
        check(try encoder.encode(PushResponseMirror(response)) == responseBytes, "push response: JSONEncoder wrote other bytes")
    }

    /// The pull page: the client's fast path, the generic decoder and Foundation read the same changes.
    private mutating func checkPull() throws {
        let pull = inputs.pull, parsed = inputs.pullChanges, bytes = inputs.pullBytes
        let mirrored = PullResponseMirror(changes: parsed, cursor: pull.cursor, hasMore: pull.hasMore)
        let page = try PullResponse.decode(bytes)
        check(try page.changes.map { try $0.parsed() } == parsed && page.cursor == pull.cursor && page.hasMore == pull.hasMore,
              "pull: PullResponse.decode")
        let generic = try PullResponse(json: JSONValue(parsing: bytes))
        check(generic.changes == pull.changes && generic.cursor == pull.cursor && generic.hasMore == pull.hasMore,
              "pull: PullResponse(json:)")
        let mirror = try decoder.decode(PullResponseMirror.self, from: bytes)
        check(mirror.wireChanges == parsed && mirror.cursor == pull.cursor && mirror.hasMore == pull.hasMore,
              "pull: JSONDecoder decode")
        check(pull.encodedData() == bytes, "pull: PullResponse.encodedData wrote other bytes than the spliced page")
        check(try encoder.encode(mirrored) == bytes, "pull: JSONEncoder wrote other bytes")
        check(try JSONValue(parsing: unsortedEncoder.encode(mirrored)) == JSONValue(parsing: bytes),
              "pull: JSONEncoder without sorted keys wrote another value")
        try checkUntyped("pull", bytes)
        let tree = try JSONValue(parsing: bytes)
        check(tree.jsonData() == bytes, "pull: the JSONValue tree wrote other bytes")
        try checkSerializationWrite("pull", tree)
    }

    /// The post: Foundation's typed round trip is exact, and the untyped trees agree.
    private mutating func checkPost() throws {
        let bytes = inputs.postBytes
        // Dates are compared to the millisecond: the wire carries milliseconds, not the `Double` they came from.
        var post = try decoder.decode(Post.self, from: bytes)
        let original = inputs.post
        check(post.createdAt.millis == original.createdAt.millis && post.updatedAt.millis == original.updatedAt.millis
              && post.publishedAt?.millis == original.publishedAt?.millis, "post: JSONDecoder decoded other dates")
        (post.createdAt, post.updatedAt, post.publishedAt) = (original.createdAt, original.updatedAt, original.publishedAt)
        check(post == original, "post: JSONDecoder decode")
        try checkUntyped("post", bytes)
        let tree = try JSONValue(parsing: bytes)
        check(tree.jsonData() == bytes, "post: the JSONValue tree wrote other bytes than JSONEncoder")
        try checkSerializationWrite("post", tree)
    }

    /// The stored record and the cursor.
    private mutating func checkRecordAndCursor() throws {
        let recordBytes = Data(inputs.record.utf8)
        try checkUntyped("record", recordBytes)
        let fields = try decoder.decode([String: JSONValue].self, from: recordBytes)
        check(JSONValue.object(fields).jsonText == inputs.record, "record: the JSONValue tree wrote other text")
        check(String(decoding: try encoder.encode(fields), as: UTF8.self) == inputs.record, "record: JSONEncoder wrote other text")
        try checkSerializationWrite("record", .object(fields))

        let cursor = inputs.cursor, bytes = inputs.cursorBytes
        check(Self.handCursor(bytes) == cursor, "cursor: hand-written decode")
        check(try decoder.decode([String: String].self, from: bytes) == cursor, "cursor: JSONDecoder decode")
        check(Self.handCursorData(cursor) == bytes, "cursor: hand-written write")
        check(try encoder.encode(cursor) == bytes, "cursor: JSONEncoder write")
    }

    /// What `Pagination.decode` would do with the hand-written parser: an object of strings, else `nil`.
    static func handCursor(_ data: Data) -> [String: String]? {
        guard case .object(let members)? = try? JSONValue(parsing: data) else { return nil }
        var fields: [String: String] = [:]
        for (key, value) in members {
            guard case .string(let text) = value else { return nil }
            fields[key] = text
        }
        return fields
    }

    /// What `Pagination.encode` would do with the hand-written writer.
    static func handCursorData(_ fields: [String: String]) -> Data {
        JSONValue.object(fields.mapValues(JSONValue.string)).jsonData()
    }

    /// Every row, grouped by path and direction; the first rows of a group are the ones the others are compared with.
    func all() throws -> [BenchCase] {
        pushCases() + (try pullCases()) + (try postCases()) + (try recordAndCursorCases())
    }

    /// The push request (500 mutations) and its response.
    private func pushCases() -> [BenchCase] {
        let (decoder, encoder, unsortedEncoder) = (decoder, encoder, unsortedEncoder)
        let bytes = inputs.pushBytes, push = inputs.push, mirror = PushRequestMirror(inputs.push)
        let tree = try! JSONValue(parsing: bytes), object = FoundationTree.object(tree)
        let responseBytes = inputs.pushResponseBytes, response = inputs.pushResponse
        let responseMirror = PushResponseMirror(inputs.pushResponse)
        let decode = "push, 500 mutations: decode", write = "push, 500 mutations: write"
        let answerDecode = "push answer, 500 results: decode", answerWrite = "push answer, 500 results: write"
        let typedDecode = "PushRequest.decode (server)", untypedParse = "JSONValue(parsing:), untyped"
        let typedWrite = "PushRequest.encodedData() (client)", untypedWrite = "JSONValue tree → jsonData(), untyped"
        let answerTypedDecode = "PushResponse.decode (client)", answerTypedWrite = "PushResponse.encodedData() (server)"
        return [
            BenchCase(group: decode, label: typedDecode, stack: .hand, bytes: bytes.count, against: []) {
                (try! PushRequest.decode(bytes)).mutations.count
            },
            BenchCase(group: decode, label: "JSONDecoder → Codable mirror", stack: .foundation, bytes: bytes.count, against: [typedDecode]) {
                (try! decoder.decode(PushRequestMirror.self, from: bytes)).mutations.count
            },
            BenchCase(group: decode, label: untypedParse, stack: .hand, bytes: bytes.count, against: []) {
                if case .object(let members) = try! JSONValue(parsing: bytes) { members.count } else { 0 }
            },
            BenchCase(group: decode, label: "JSONSerialization.jsonObject, untyped", stack: .foundation, bytes: bytes.count, against: [untypedParse]) {
                (try! JSONSerialization.jsonObject(with: bytes) as! [String: Any]).count
            },
            BenchCase(group: write, label: typedWrite, stack: .hand, bytes: bytes.count, against: []) {
                push.encodedData().count
            },
            BenchCase(group: write, label: "JSONEncoder ← Codable mirror", stack: .foundation, bytes: bytes.count, against: [typedWrite]) {
                (try! encoder.encode(mirror)).count
            },
            BenchCase(group: write, label: "JSONEncoder ← Codable mirror, keys unsorted", stack: .foundation, bytes: bytes.count,
                      against: [typedWrite]) {
                (try! unsortedEncoder.encode(mirror)).count
            },
            BenchCase(group: write, label: untypedWrite, stack: .hand, bytes: bytes.count, against: []) {
                tree.jsonData().count
            },
            BenchCase(group: write, label: "JSONSerialization.data, untyped", stack: .foundation, bytes: bytes.count, against: [untypedWrite]) {
                (try! JSONSerialization.data(withJSONObject: object, options: Self.serializationOptions)).count
            },
            BenchCase(group: answerDecode, label: answerTypedDecode, stack: .hand, bytes: responseBytes.count, against: []) {
                (try! PushResponse.decode(responseBytes)).results.count
            },
            BenchCase(group: answerDecode, label: "JSONDecoder → Codable mirror", stack: .foundation, bytes: responseBytes.count, against: [answerTypedDecode]) {
                (try! decoder.decode(PushResponseMirror.self, from: responseBytes)).results.count
            },
            BenchCase(group: answerWrite, label: answerTypedWrite, stack: .hand, bytes: responseBytes.count, against: []) {
                response.encodedData().count
            },
            BenchCase(group: answerWrite, label: "JSONEncoder ← Codable mirror", stack: .foundation, bytes: responseBytes.count, against: [answerTypedWrite]) {
                (try! encoder.encode(responseMirror)).count
            },
        ]
    }

    /// The pull page of 1,000 changes.
    private func pullCases() throws -> [BenchCase] {
        let (decoder, encoder, unsortedEncoder) = (decoder, encoder, unsortedEncoder)
        let bytes = inputs.pullBytes, pull = inputs.pull, stored = inputs.storedRecords, mirror = PullResponseMirror(changes: inputs.pullChanges, cursor: inputs.pull.cursor, hasMore: inputs.pull.hasMore)
        let tree = try JSONValue(parsing: bytes), object = FoundationTree.object(tree)
        let decode = "pull page, 1,000 records: decode", write = "pull page, 1,000 records: write"
        let pulled = "PullResponse.decode, records kept as text (client)", generic = "PullResponse(json:) via a JSONValue tree"
        let untypedParse = "JSONValue(parsing:), untyped"
        let spliced = "SyncChange.write(recordJSON:), stored text spliced in (server)"
        let typedWrite = "PullResponse.encodedData(), records as text", untypedWrite = "JSONValue tree → jsonData(), untyped"
        return [
            BenchCase(group: decode, label: pulled, stack: .hand, bytes: bytes.count, against: []) {
                (try! PullResponse.decode(bytes)).changes.count
            },
            BenchCase(group: decode, label: generic, stack: .hand, bytes: bytes.count, against: []) {
                (try! PullResponse(json: JSONValue(parsing: bytes))).changes.count
            },
            BenchCase(group: decode, label: "JSONDecoder → Codable mirror, records as JSONValue", stack: .foundation, bytes: bytes.count,
                      against: [pulled, generic]) {
                (try! decoder.decode(PullResponseMirror.self, from: bytes)).changes.count
            },
            BenchCase(group: decode, label: untypedParse, stack: .hand, bytes: bytes.count, against: []) {
                if case .object(let members) = try! JSONValue(parsing: bytes) { members.count } else { 0 }
            },
            BenchCase(group: decode, label: "JSONSerialization.jsonObject, untyped", stack: .foundation, bytes: bytes.count, against: [untypedParse]) {
                (try! JSONSerialization.jsonObject(with: bytes) as! [String: Any]).count
            },
            BenchCase(group: write, label: spliced, stack: .hand, bytes: bytes.count, against: []) {
                var changes: [UInt8] = []
                for (position, change) in pull.changes.enumerated() {
                    if position > 0 { changes.append(UInt8(ascii: ",")) }
                    SyncChange.write(entity: change.entity, recordId: change.recordId, version: change.version,
                                     deleted: change.deleted, recordJSON: stored[position], to: &changes)
                }
                return PullResponse.encodedData(changes: changes, cursor: pull.cursor, hasMore: pull.hasMore).count
            },
            BenchCase(group: write, label: typedWrite, stack: .hand, bytes: bytes.count, against: []) {
                pull.encodedData().count
            },
            BenchCase(group: write, label: "JSONEncoder ← Codable mirror, records as JSONValue", stack: .foundation, bytes: bytes.count,
                      against: [spliced, typedWrite]) {
                (try! encoder.encode(mirror)).count
            },
            BenchCase(group: write, label: "JSONEncoder ← Codable mirror, keys unsorted", stack: .foundation, bytes: bytes.count,
                      against: [spliced, typedWrite]) {
                (try! unsortedEncoder.encode(mirror)).count
            },
            BenchCase(group: write, label: untypedWrite, stack: .hand, bytes: bytes.count, against: []) {
                tree.jsonData().count
            },
            BenchCase(group: write, label: "JSONSerialization.data, untyped", stack: .foundation, bytes: bytes.count, against: [untypedWrite]) {
                (try! JSONSerialization.data(withJSONObject: object, options: Self.serializationOptions)).count
            },
        ]
    }

    /// One post as `GET /v1/posts/{id}` serves it.
    private func postCases() throws -> [BenchCase] {
        let (decoder, encoder) = (decoder, encoder)
        let bytes = inputs.postBytes, post = inputs.post
        let tree = try JSONValue(parsing: bytes), object = FoundationTree.object(tree)
        let decode = "one post (\(post.wordCount) words): decode", write = "one post (\(post.wordCount) words): write"
        let untypedParse = "JSONValue(parsing:), untyped", untypedWrite = "JSONValue tree → jsonData(), untyped"
        return [
            BenchCase(group: decode, label: untypedParse, stack: .hand, bytes: bytes.count, against: []) {
                if case .object(let members) = try! JSONValue(parsing: bytes) { members.count } else { 0 }
            },
            BenchCase(group: decode, label: "JSONDecoder → Post (client, typed)", stack: .foundation, bytes: bytes.count, against: [untypedParse]) {
                (try! decoder.decode(Post.self, from: bytes)).tags.count
            },
            BenchCase(group: decode, label: "JSONDecoder → JSONValue (its Codable init), untyped", stack: .foundation, bytes: bytes.count,
                      against: [untypedParse]) {
                if case .object(let members) = try! decoder.decode(JSONValue.self, from: bytes) { members.count } else { 0 }
            },
            BenchCase(group: decode, label: "JSONSerialization.jsonObject, untyped", stack: .foundation, bytes: bytes.count, against: [untypedParse]) {
                (try! JSONSerialization.jsonObject(with: bytes) as! [String: Any]).count
            },
            BenchCase(group: write, label: untypedWrite, stack: .hand, bytes: bytes.count, against: []) {
                tree.jsonData().count
            },
            BenchCase(group: write, label: "JSONEncoder ← Post (server, typed)", stack: .foundation, bytes: bytes.count, against: [untypedWrite]) {
                (try! encoder.encode(post)).count
            },
            BenchCase(group: write, label: "JSONSerialization.data, untyped", stack: .foundation, bytes: bytes.count, against: [untypedWrite]) {
                (try! JSONSerialization.data(withJSONObject: object, options: Self.serializationOptions)).count
            },
        ]
    }

    /// One stored record (the server's and the client's `fields` column) and one list cursor.
    private func recordAndCursorCases() throws -> [BenchCase] {
        let (decoder, encoder) = (decoder, encoder)
        let record = inputs.record, recordBytes = Data(inputs.record.utf8)
        guard case .object(let fields) = try JSONValue(parsing: record) else { fatalError("a record is an object") }
        let object = FoundationTree.object(.object(fields))
        let cursor = inputs.cursor, bytes = inputs.cursorBytes
        let recordDecode = "stored record, 1 saved article: decode", recordWrite = "stored record, 1 saved article: write"
        let cursorDecode = "list cursor: decode", cursorWrite = "list cursor: write"
        let handRecord = "JSONValue(parsing:) (server and client stores)", handRecordWrite = "JSONValue.object(…).jsonText (stores)"
        let handCursor = "JSONValue(parsing:) → [String: String]", handCursorWrite = "JSONValue.object(…).jsonData()"
        return [
            BenchCase(group: recordDecode, label: handRecord, stack: .hand, bytes: recordBytes.count, against: []) {
                if case .object(let members) = try! JSONValue(parsing: record) { members.count } else { 0 }
            },
            BenchCase(group: recordDecode, label: "JSONDecoder → [String: JSONValue]", stack: .foundation, bytes: recordBytes.count,
                      against: [handRecord]) {
                (try! decoder.decode([String: JSONValue].self, from: Data(record.utf8))).count
            },
            BenchCase(group: recordDecode, label: "JSONSerialization.jsonObject", stack: .foundation, bytes: recordBytes.count,
                      against: [handRecord]) {
                (try! JSONSerialization.jsonObject(with: Data(record.utf8)) as! [String: Any]).count
            },
            BenchCase(group: recordWrite, label: handRecordWrite, stack: .hand, bytes: recordBytes.count, against: []) {
                JSONValue.object(fields).jsonText.utf8.count
            },
            BenchCase(group: recordWrite, label: "JSONEncoder ← [String: JSONValue]", stack: .foundation, bytes: recordBytes.count,
                      against: [handRecordWrite]) {
                String(decoding: try! encoder.encode(fields), as: UTF8.self).utf8.count
            },
            BenchCase(group: recordWrite, label: "JSONSerialization.data", stack: .foundation, bytes: recordBytes.count,
                      against: [handRecordWrite]) {
                String(decoding: try! JSONSerialization.data(withJSONObject: object, options: Self.serializationOptions), as: UTF8.self)
                    .utf8.count
            },
            BenchCase(group: cursorDecode, label: handCursor, stack: .hand, bytes: bytes.count, against: []) {
                Self.handCursor(bytes)!.count
            },
            BenchCase(group: cursorDecode, label: "JSONSerialization → [String: String] (Pagination.decode)", stack: .foundation,
                      bytes: bytes.count, against: [handCursor]) {
                (try! JSONSerialization.jsonObject(with: bytes) as! [String: String]).count
            },
            BenchCase(group: cursorDecode, label: "JSONDecoder → [String: String]", stack: .foundation, bytes: bytes.count, against: [handCursor]) {
                (try! decoder.decode([String: String].self, from: bytes)).count
            },
            BenchCase(group: cursorWrite, label: handCursorWrite, stack: .hand, bytes: bytes.count, against: []) {
                Self.handCursorData(cursor).count
            },
            BenchCase(group: cursorWrite, label: "JSONSerialization.data, sortedKeys (Pagination.encode)", stack: .foundation,
                      bytes: bytes.count, against: [handCursorWrite]) {
                (try! JSONSerialization.data(withJSONObject: cursor, options: [.sortedKeys])).count
            },
            BenchCase(group: cursorWrite, label: "JSONEncoder ← [String: String]", stack: .foundation, bytes: bytes.count, against: [handCursorWrite]) {
                (try! encoder.encode(cursor)).count
            },
        ]
    }
}
