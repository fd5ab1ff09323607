import Foundation
import GRDB
import SatchelShared
import Testing
@testable import SatchelClient
import SatchelSync

@Suite("Client storage: records and tombstones")
struct LocalDatabaseRecordTests {
    let updatedAt = Date(millis: 1_700_000_000_000)

    @Test("a saved record reads back with its base; an unedited synced one stores its text once")
    func upsert() throws {
        let database = try LocalDatabaseFile().open()
        let id = UUID()
        let base: [String: JSONValue] = ["title": .string("Theirs"), "url": .string("https://a.test")]
        var record = LocalRecord(
            entity: .savedArticle, id: id, fields: ["title": .string("Mine"), "url": .string("https://a.test")], base: base,
            baseVersion: 4, updatedAt: updatedAt)
        try database.write { try $0.records.save(record) }
        #expect(try database.read { try $0.records.find(.savedArticle, id) } == record)
        record.fields = base
        try database.write { try $0.records.save(record) }
        #expect(try database.read { try $0.records.find(.savedArticle, id) } == record)
        let storedBase = try database.queue.read { db in
            try Row.fetchOne(db, sql: "SELECT base FROM records WHERE id = ?", arguments: [id.uuidString])?["base"] as String?
        }
        #expect(storedBase == nil, "base equal to fields is not stored twice")
        #expect(try database.read { try $0.records.all(.savedArticle) } == [record])
        #expect(try database.read { try $0.records.find(.draft, id) } == nil, "a record is keyed by entity and id")
    }

    @Test("a tombstone is found by id but left out of listings until removed")
    func tombstone() throws {
        let database = try LocalDatabaseFile().open()
        let kept = LocalRecord(entity: .draft, id: UUID(), fields: ["title": .string("kept")], updatedAt: updatedAt)
        var gone = LocalRecord(entity: .draft, id: UUID(), fields: ["title": .string("gone")], baseVersion: 2, updatedAt: updatedAt)
        gone.base = gone.fields
        gone.deleted = true
        try database.write { (tables) throws in
            try tables.records.save(kept)
            try tables.records.save(gone)
        }
        try database.read { (tables) throws in
            #expect(try tables.records.all(.draft) == [kept])
            #expect(Set(try tables.records.all(.draft, includeDeleted: true)) == [kept, gone])
            #expect(try tables.records.find(.draft, gone.id)?.deleted == true)
        }
        try database.write { try $0.records.remove(.draft, gone.id) }
        #expect(try database.read { try $0.records.find(.draft, gone.id) } == nil)
    }

    @Test("a pulled record stored as its text reads back synced, and is found among stored keys")
    func pulledText() throws {
        let database = try LocalDatabaseFile().open()
        let id = UUID(), absent = UUID()
        try database.write { (tables) throws in
            try tables.records.pulledTextWriter().insert(
                .savedArticle, id: id.text, text: #"{"title":"Pulled","url":"https://p.test"}"#, version: 7,
                updatedAtMillis: updatedAt.millis)
        }
        try database.read { (tables) throws in
            let record = try #require(try tables.records.find(.savedArticle, id))
            #expect(record.fields == ["title": .string("Pulled"), "url": .string("https://p.test")])
            #expect(record.base == record.fields)
            #expect(record.baseVersion == 7)
            #expect(try tables.syncState(.savedArticle, id) == .synced)
            let keys = try tables.records.storedKeys([.savedArticle: [id.text, absent.text], .draft: [id.text]])
            #expect(keys == [RecordKey(entity: .savedArticle, id: id)])
        }
    }

    @Test("stored keys: a batch far over any parameter limit, and ids that are not JSON-safe, in one query each")
    func storedKeysLargeAndHostileBatches() throws {
        let database = try LocalDatabaseFile().open()
        let held = (0..<3).map { _ in UUID() }
        try database.write { (tables) throws in
            for id in held {
                try tables.records.save(LocalRecord(entity: .draft, id: id, fields: [:], baseVersion: 1, updatedAt: updatedAt))
            }
        }
        let many = (0..<40_000).map { _ in UUID().text } + held.map(\.text)
        let hostile = [#"A"B"#, "\\", "\u{0}", "],[", held[0].text + #"""#, held[1].text]
        try database.read { (tables) throws in
            #expect(try tables.records.storedKeys([.draft: many]) == Set(held.map { RecordKey(entity: .draft, id: $0) }))
            #expect(try tables.records.storedKeys([.draft: hostile]) == [RecordKey(entity: .draft, id: held[1])])
            #expect(try tables.records.storedKeys([.draft: [], .savedArticle: held.map(\.text)]).isEmpty)
        }
    }

    @Test("only synced records without pending edits are candidates for a full re-read's removal")
    func syncedWithoutPendingEdits() throws {
        let database = try LocalDatabaseFile().open()
        let synced = LocalRecord(entity: .savedArticle, id: UUID(), fields: [:], baseVersion: 1, updatedAt: updatedAt)
        let edited = LocalRecord(entity: .savedArticle, id: UUID(), fields: [:], baseVersion: 1, updatedAt: updatedAt)
        let local = LocalRecord(entity: .savedArticle, id: UUID(), fields: [:], updatedAt: updatedAt)
        try database.write { (tables) throws in
            for record in [synced, edited, local] { try tables.records.save(record) }
            try tables.outbox.append(titleMutation(edited.id, "edit"))
        }
        #expect(try database.read { try $0.records.syncedWithoutPendingEdits() } == [RecordKey(entity: .savedArticle, id: synced.id)])
    }

    @Test("live ids list the entity's live records, stored or pulled, without tombstones or other entities")
    func liveIds() throws {
        let database = try LocalDatabaseFile().open()
        let saved = LocalRecord(entity: .savedArticle, id: UUID(), fields: ["title": .string("saved")], updatedAt: updatedAt)
        var gone = LocalRecord(entity: .savedArticle, id: UUID(), fields: [:], baseVersion: 2, updatedAt: updatedAt)
        gone.deleted = true
        let draft = LocalRecord(entity: .draft, id: UUID(), fields: [:], updatedAt: updatedAt)
        let pulled = UUID()
        try database.write { (tables) throws in
            for record in [saved, gone, draft] { try tables.records.save(record) }
            try tables.records.pulledTextWriter().insert(
                .savedArticle, id: pulled.text.lowercased(), text: #"{"title":"Pulled"}"#, version: 3,
                updatedAtMillis: updatedAt.millis)
        }
        try database.read { (tables) throws in
            #expect(Set(try tables.records.liveIds(.savedArticle)) == [saved.id, pulled])
            #expect(try tables.records.liveIds(.savedArticle).count == 2)
            #expect(try tables.records.liveIds(.draft) == [draft.id])
            #expect(try tables.records.liveIds(.conflict).isEmpty)
            #expect(Set(try tables.records.liveIds(.savedArticle)) == Set(try tables.records.all(.savedArticle).map(\.id)))
        }
        try database.queue.write { db in
            try db.execute(sql: "INSERT INTO records VALUES ('draft', 'not-a-uuid', '{}', NULL, 1, 0, 0)")
        }
        #expect {
            try database.read { try $0.records.liveIds(.draft) }
        } throws: { error in
            "\(error)".contains("not-a-uuid")
        }
    }

    @Test("a corrupt row fails the read with an error naming the row, never a made-up record")
    func corruptRow() throws {
        let database = try LocalDatabaseFile().open()
        try database.queue.write { db in
            try db.execute(sql: "INSERT INTO records VALUES ('savedArticle', 'not-a-uuid', '{}', NULL, 1, 0, 0)")
        }
        #expect {
            try database.read { try $0.records.all(.savedArticle) }
        } throws: { error in
            "\(error)".contains("not-a-uuid")
        }
    }

    @Test("a queued comment whose post id does not read fails loudly, never points at an invented post")
    func corruptCommentPostId() throws {
        let file = LocalDatabaseFile()
        let store = try LocalStore(path: file.path, server: nil)
        let comment = try store.queueComment(postId: UUID(), body: "Hello")
        try store.database.queue.write { db in
            try db.execute(
                sql: "UPDATE records SET fields = json_set(fields, '$.postId', 'not-a-post') WHERE id = ?",
                arguments: [comment.id.uuidString])
        }
        #expect {
            try store.queuedComments()
        } throws: { error in
            "\(error)".contains(comment.id.uuidString) && "\(error)".contains("postId")
        }
    }

    @Test("an open conflict naming a record marks it conflicted until resolved")
    func conflicted() throws {
        let database = try LocalDatabaseFile().open()
        let id = UUID()
        var conflict = LocalRecord(
            entity: .conflict, id: UUID(), fields: ["recordId": .string(id.uuidString), "resolved": .bool(false)],
            baseVersion: 1, updatedAt: updatedAt)
        try database.write { try $0.records.save(conflict) }
        #expect(try database.read { try $0.syncState(.savedArticle, id) } == .conflicted)
        conflict.fields["resolved"] = .bool(true)
        try database.write { try $0.records.save(conflict) }
        #expect(try database.read { try $0.syncState(.savedArticle, id) } == .synced)
    }

    @Test("unresolved conflicts leave out resolved and deleted conflict records and every other entity")
    func unresolvedConflicts() throws {
        let database = try LocalDatabaseFile().open()
        func conflict(_ resolved: JSONValue?) -> LocalRecord {
            var fields: [String: JSONValue] = ["recordId": .string(UUID().uuidString)]
            fields["resolved"] = resolved
            return LocalRecord(entity: .conflict, id: UUID(), fields: fields, baseVersion: 1, updatedAt: updatedAt)
        }
        let open = conflict(.bool(false)), unmarked = conflict(nil), resolved = conflict(.bool(true))
        var deleted = conflict(.bool(false))
        deleted.deleted = true
        let article = LocalRecord(entity: .savedArticle, id: UUID(), fields: ["resolved": .bool(false)], updatedAt: updatedAt)
        try database.write { (tables) throws in
            for record in [open, unmarked, resolved, deleted, article] { try tables.records.save(record) }
        }
        func unresolvedRecordIds() throws -> Set<String> {
            Set(try database.read { try $0.records.unresolvedConflictTexts() }.map { try LocalCoding.fields($0)["recordId"]?.stringValue ?? "" })
        }
        func recordId(_ record: LocalRecord) -> String { record.fields["recordId"]?.stringValue ?? "none" }
        #expect(try unresolvedRecordIds() == [recordId(open), recordId(unmarked)])
        var reopened = resolved
        reopened.fields["resolved"] = .bool(false)
        try database.write { try $0.records.save(reopened) }
        #expect(try unresolvedRecordIds() == [recordId(open), recordId(unmarked), recordId(resolved)])
    }

    @Test("the files kept for offline reading are read through the index of rows naming a file: archived, deleted and plain rows left out")
    func pinnedFiles() throws {
        let file = LocalDatabaseFile()
        let store = try LocalStore(path: file.path, server: nil)
        func attachment(_ byte: UInt8) -> SatchelShared.Attachment {
            SatchelShared.Attachment(digest: BlobDigest(sha256: Array(repeating: byte, count: 32)), size: 10, mediaType: "image/png", name: "\(byte).png")
        }
        func record(_ entity: SyncEntity, _ files: [SatchelShared.Attachment], archived: Bool = false, deleted: Bool = false) -> LocalRecord {
            var fields: [String: JSONValue] = ["url": .string("https://example.com/"), "attachments": .array(files.map(\.json))]
            if archived { fields["archived"] = .bool(true) }
            var made = LocalRecord(entity: entity, id: UUID(), fields: fields, updatedAt: updatedAt)
            made.deleted = deleted
            return made
        }
        let rows = [
            record(.savedArticle, [attachment(1), attachment(2)]), record(.savedArticle, []),
            record(.savedArticle, [attachment(3)], archived: true), record(.savedArticle, [attachment(4)], deleted: true),
            record(.draft, [attachment(5), attachment(1)]),
            record(.highlight, [attachment(6)]),
        ]
        try store.database.write { (tables) throws in
            for row in rows { try tables.records.save(row) }
        }
        #expect(try store.pinnedAttachments().map(\.digest) == [attachment(1), attachment(2), attachment(5)].map(\.digest))
        let plan = try store.database.read { tables in
            try Row.fetchAll(
                tables.db, sql: """
                    EXPLAIN QUERY PLAN SELECT * FROM records WHERE entity = 'draft' AND deleted = 0 AND instr(fields, '"sha256:') > 0
                    """
            ).map { row -> String in row["detail"] ?? "" }.joined(separator: " ")
        }
        #expect(plan.contains("records_with_files"), "\(plan)")
    }

    @Test("queueing a comment returns that comment, not another queued before it")
    func queueCommentReturnsItsOwn() throws {
        let file = LocalDatabaseFile()
        let store = try LocalStore(path: file.path, server: nil)
        let post = UUID()
        let first = try store.queueComment(postId: post, body: "First")
        let second = try store.queueComment(postId: post, body: "  Second  ", parentId: first.id)
        #expect(second.id != first.id)
        #expect(second.body == "Second" && second.parentId == first.id && second.postId == post && second.state == .pending)
        #expect(Set(try store.queuedComments().map(\.id)) == [first.id, second.id])
    }
}
