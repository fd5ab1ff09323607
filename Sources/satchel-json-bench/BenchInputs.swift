import Foundation
import SatchelShared
import SatchelSync

/// A reproducible random source (SplitMix64), so every run of the benchmark measures the same bytes.
struct SplitMix: RandomNumberGenerator {
    /// The generator's state.
    private var state: UInt64

    /// Creates a generator from a seed.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// Text, ids and dates of the kind readers save and write: mostly ASCII prose with some non-ASCII
/// words, quotes and paragraph breaks, which the writers must escape.
struct TextMaker {
    /// The random source.
    var random: SplitMix

    /// Words prose is made of; a few need escaping or are non-ASCII.
    private static let words = [
        "the", "a", "sync", "engine", "offline", "first", "record", "machine", "reader", "draft", "article",
        "server", "clock", "merge", "conflict", "version", "cursor", "page", "write", "read", "fast", "slow",
        "and", "of", "to", "in", "with", "without", "every", "each", "change", "field", "value", "text",
        "café", "naïve", "Zürich", "déjà", "vu", "—", "“quoted”", "\"plain\"", "it's", "e.g.", "(aside)",
        "network", "latency", "battery", "phone", "laptop", "notes", "reading", "list", "archive", "tag",
    ]
    /// Tags a reader gives saved articles and drafts.
    private static let tags = ["swift", "sync", "databases", "reading", "later", "work", "essay", "design", "crdt"]
    /// Sites articles are saved from.
    private static let sites = ["example.com", "blog.example.org", "news.example.net", "journal.example.io"]

    /// `count` words, lower case, separated by spaces.
    mutating func words(_ count: Int) -> String {
        (0..<count).map { _ in Self.words.randomElement(using: &random)! }.joined(separator: " ")
    }

    /// A sentence of 8 to 18 words with a capital and a full stop.
    mutating func sentence() -> String {
        let text = words(Int.random(in: 8...18, using: &random))
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }

    /// `count` paragraphs of 3 to 6 sentences, separated by blank lines.
    mutating func paragraphs(_ count: Int) -> String {
        (0..<count).map { _ in
            (0..<Int.random(in: 3...6, using: &random)).map { _ in sentence() }.joined(separator: " ")
        }.joined(separator: "\n\n")
    }

    /// A title of 4 to 9 words.
    mutating func title() -> String {
        let text = words(Int.random(in: 4...9, using: &random))
        return text.prefix(1).uppercased() + String(text.dropFirst())
    }

    /// Up to three sorted, distinct tags.
    mutating func tags() -> [String] {
        Array(Set((0..<Int.random(in: 0...3, using: &random)).map { _ in Self.tags.randomElement(using: &random)! })).sorted()
    }

    /// A site name.
    mutating func site() -> String { Self.sites.randomElement(using: &random)! }

    /// A random version 7 style id.
    mutating func uuid() -> UUID {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// A reading progress with two decimals, as a slider reports it.
    mutating func progress() -> Double { Double(Int.random(in: 0...100, using: &random)) / 100 }

    /// A date within a few weeks after mid-October 2025, to the millisecond.
    mutating func date() -> Date { Date(millis: 1_760_000_000_000 + Int64.random(in: 0...3_000_000_000, using: &random)) }
}

/// The inputs of every measured path, built once before any timing.
struct BenchInputs {
    /// A push of 500 mutations: saved articles created and edited, drafts created and edited, a few deletes.
    let push: PushRequest
    /// The push's body as a client sends it.
    let pushBytes: Data
    /// The server's answer to the push: one result per mutation.
    let pushResponse: PushResponse
    /// The answer's body as the server sends it.
    let pushResponseBytes: Data
    /// A pull page of 1,000 changes (saved articles, drafts, tombstones).
    let pull: PullResponse
    /// The page's changes with their records parsed.
    let pullChanges: [SyncChange]
    /// Each change's record as the server stores it (the `fields` column's text).
    let storedRecords: [String]
    /// The page's body as the server sends it (stored record texts spliced in).
    let pullBytes: Data
    /// One post as `GET /v1/posts/{id}` serves it.
    let post: Post
    /// The post's body (`SatchelJSON.encoder()`, as the server encodes it).
    let postBytes: Data
    /// A post-list cursor's fields, before base64url.
    let cursor: [String: String]
    /// The cursor's JSON, as `Pagination.encode` writes it before base64url.
    let cursorBytes: Data
    /// One stored saved-article record's text.
    let record: String

    /// Builds every input from a fixed seed.
    init() throws {
        var text = TextMaker(random: SplitMix(seed: 20_251_015))
        push = Self.pushRequest(&text)
        pushBytes = push.encodedData()
        pushResponse = Self.pushResponse(for: push, &text)
        pushResponseBytes = pushResponse.encodedData()
        (pullChanges, storedRecords) = Self.pullPage(&text)
        pull = PullResponse(changes: pullChanges, cursor: "eyJ2IjoiMTAwMTAwMCJ9", hasMore: true)
        var changes: [UInt8] = []
        for (position, change) in pullChanges.enumerated() {
            if position > 0 { changes.append(UInt8(ascii: ",")) }
            SyncChange.write(
                entity: change.entity, recordId: change.recordId, version: change.version, deleted: change.deleted,
                recordJSON: storedRecords[position], to: &changes)
        }
        pullBytes = PullResponse.encodedData(changes: changes, cursor: pull.cursor, hasMore: pull.hasMore)
        post = Self.post(&text)
        postBytes = try SatchelJSON.encoder().encode(post)
        cursor = ["i": text.uuid().uuidString, "s": "1760123456789"]
        cursorBytes = try JSONSerialization.data(withJSONObject: cursor, options: [.sortedKeys])
        record = storedRecords[0]
    }

    /// The fields a new saved article carries, as the client's `saveArticle` sends them.
    static func articleFields(_ text: inout TextMaker) -> [String: JSONValue] {
        let site = text.site()
        var fields: [String: JSONValue] = [
            "url": .string("https://\(site)/2025/10/\(text.words(4).replacingOccurrences(of: " ", with: "-"))"),
            "title": .string(text.title()),
            "siteName": .string(site),
            "excerpt": .string(text.sentence() + " " + text.sentence()),
            "tags": .array(text.tags().map(JSONValue.string)),
            "savedAt": .string(SatchelJSON.string(from: text.date())),
        ]
        if Int.random(in: 0..<4, using: &text.random) == 0 { fields["note"] = .string(text.sentence()) }
        return fields
    }

    /// The fields of a new draft: a post draft of a few paragraphs.
    static func draftFields(_ text: inout TextMaker) -> [String: JSONValue] {
        [
            "kind": .string("post"),
            "title": .string(text.title()),
            "body": .string(text.paragraphs(Int.random(in: 2...5, using: &text.random))),
            "tags": .array(text.tags().map(JSONValue.string)),
        ]
    }

    /// 500 mutations in the mix a reader's laptop pushes after a day offline.
    static func pushRequest(_ text: inout TextMaker) -> PushRequest {
        var clock = HybridLogicalClock(node: "laptop-7f3a")
        let mutations = (0..<SyncLimits.maxPushBatch).map { index -> Mutation in
            let hlc = clock.now(physicalMillis: 1_760_000_000_000 + Int64(index) * 37)
            let create = { (fields: [String: JSONValue]) in fields.mapValues { FieldChange(base: nil, value: $0) } }
            switch index % 50 {
            case 49:
                return Mutation(id: text.uuid(), entity: .savedArticle, recordId: text.uuid(), op: .delete,
                                baseVersion: Int.random(in: 1...90_000, using: &text.random), hlc: hlc)
            case let slot where slot % 10 < 6:
                return Mutation(id: text.uuid(), entity: .savedArticle, recordId: text.uuid(), op: .create, hlc: hlc,
                                fields: create(articleFields(&text)))
            case let slot where slot % 10 < 8:
                var fields: [String: FieldChange] = [
                    "readingProgress": FieldChange(base: .number(text.progress()), value: .number(text.progress())),
                ]
                if index % 3 == 0 { fields["archived"] = FieldChange(base: .bool(false), value: .bool(true)) }
                if index % 4 == 0 { fields["favorite"] = FieldChange(base: .bool(false), value: .bool(true)) }
                if index % 5 == 0 { fields["title"] = FieldChange(base: .string(text.title()), value: .string(text.title())) }
                return Mutation(id: text.uuid(), entity: .savedArticle, recordId: text.uuid(), op: .update,
                                baseVersion: Int.random(in: 1...90_000, using: &text.random), hlc: hlc, fields: fields)
            case let slot where slot % 10 == 8:
                return Mutation(id: text.uuid(), entity: .draft, recordId: text.uuid(), op: .create, hlc: hlc,
                                fields: create(draftFields(&text)))
            default:
                // A draft edit sends the whole body with the base it started from (three-way text merge).
                let base = text.paragraphs(3)
                return Mutation(id: text.uuid(), entity: .draft, recordId: text.uuid(), op: .update,
                                baseVersion: Int.random(in: 1...90_000, using: &text.random), hlc: hlc, fields: [
                    "body": FieldChange(base: .string(base), value: .string(base + "\n\n" + text.paragraphs(1))),
                    "title": FieldChange(base: .string(text.title()), value: .string(text.title())),
                ])
            }
        }
        return PushRequest(clientId: "laptop-7f3a", mutations: mutations)
    }

    /// The answer to `push`: mostly applied, a few merged with their record, one rejected.
    static func pushResponse(for push: PushRequest, _ text: inout TextMaker) -> PushResponse {
        let results = push.mutations.enumerated().map { index, mutation -> MutationResult in
            let version = 90_001 + index
            if index % 100 == 7 {
                return MutationResult(id: mutation.id, status: .rejected, version: nil, record: nil,
                                      reason: "The field 'url' must be at most 2048 characters.", code: "invalidField")
            }
            if index % 25 == 3 {
                let fields = RecordMerge.newRecord(entity: .savedArticle, id: mutation.recordId,
                                                   changes: articleFields(&text).mapValues { FieldChange(base: nil, value: $0) },
                                                   stamp: mutation.hlc).fields
                return MutationResult(id: mutation.id, status: .merged, version: version, record: .object(fields))
            }
            return MutationResult(id: mutation.id, status: .applied, version: version, record: nil,
                                  deleted: mutation.op == .delete)
        }
        return PushResponse(results: results, serverTime: Date(millis: 1_760_000_123_456))
    }

    /// A full pull page (1,000 changes) and each change's stored record text.
    static func pullPage(_ text: inout TextMaker) -> ([SyncChange], [String]) {
        var clock = HybridLogicalClock(node: "server")
        var changes: [SyncChange] = [], stored: [String] = []
        for index in 0..<SyncLimits.maxPullPage {
            let slot = index % 20
            let entity: SyncEntity = slot >= 14 && slot < 19 ? .draft : .savedArticle
            let id = text.uuid()
            let fields = entity == .draft ? draftFields(&text) : articleFields(&text)
            var record = RecordMerge.newRecord(
                entity: entity, id: id, changes: fields.mapValues { FieldChange(base: nil, value: $0) },
                stamp: clock.now(physicalMillis: 1_760_000_000_000 + Int64(index))).fields
            if entity == .savedArticle {
                record["readingProgress"] = .number(text.progress())
                record["favorite"] = .bool(index % 7 == 0)
            }
            let value = JSONValue.object(record)
            changes.append(SyncChange(entity: entity, recordId: id, version: 1_000_001 + index, deleted: slot == 19, record: value))
            stored.append(value.jsonText)
        }
        return (changes, stored)
    }

    /// A published post of about 1,000 words, with its author and figures.
    static func post(_ text: inout TextMaker) -> Post {
        let sections = (0..<5).map { _ in "## " + text.title() + "\n\n" + text.paragraphs(3) }
        let body = sections.joined(separator: "\n\n")
        let wordCount = ReadingTime.wordCount(of: body)
        let published = text.date()
        return Post(
            id: text.uuid(), slug: "offline-first-sync-without-tears", title: "Offline-first sync without tears",
            excerpt: text.sentence() + " " + text.sentence(), body: body,
            author: Author(id: text.uuid(), username: "ada", displayName: "Ada Lovelace"),
            tags: ["design", "offline", "sync"], status: .published, publishedAt: published,
            createdAt: published.addingTimeInterval(-86_400.5), updatedAt: published.addingTimeInterval(3_600.25),
            wordCount: wordCount, readingTimeMinutes: ReadingTime.minutes(forWords: wordCount), commentStatus: .open,
            commentCount: 12, version: 7)
    }
}
