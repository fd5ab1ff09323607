import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelSync
@testable import SatchelStores

/// The contract of ``SyncStore``, run against every implementation.
@Suite("SyncStore conformance")
struct SyncStoreConformanceTests {
    let now = Date()
    let stamp = HLCTimestamp(wallMillis: Int64(Date().timeIntervalSince1970 * 1000), counter: 0, node: "t")

    func create(_ id: UUID = UUID(), title: String = "t") -> PreparedMutation {
        PreparedMutation(mutation: Mutation(entity: .savedArticle, recordId: id, op: .create, hlc: stamp, fields: [
            "url": FieldChange(base: nil, value: .string("https://x.test/\(id)")),
            "title": FieldChange(base: nil, value: .string(title)),
        ]), comment: nil)
    }

    func field(_ change: SyncChange, _ name: String) -> JSONValue? {
        if case .object(let fields) = change.record { return fields[name] }
        return nil
    }

    func push(_ store: any ServerStore, _ user: UUID, _ batch: [PreparedMutation], at date: Date? = nil) async throws -> [MutationResult] {
        try await store.applyPush(userId: user, batch: batch, applier: SyncApplier(clientId: "c", now: date ?? now))
    }

    @Test("writes get consecutive feed positions and pull returns them in order, page by page", arguments: StoreKind.allCases)
    func feedOrder(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let first = try await push(store, user, (0..<3).map { _ in create() })
        let second = try await push(store, user, (0..<2).map { _ in create() })
        #expect((first + second).map(\.version) == [1, 2, 3, 4, 5])
        var seen: [Int] = []
        var after = 0
        while true {
            let page = try await store.pull(userId: user, after: after, limit: 2)
            seen += page.changes.map(\.version)
            after = page.changes.last?.version ?? after
            if !page.hasMore { break }
        }
        #expect(seen == [1, 2, 3, 4, 5])
    }

    @Test("the encoded pull is byte for byte the typed pull's JSON, page by page, tombstones included",
          arguments: StoreKind.allCases)
    func encodedPull(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let ids = (0..<5).map { _ in UUID() }
        _ = try await push(store, user, ids.map { create($0, title: "Ünïcode \"quoted\" \\ title") })
        let delete = Mutation(entity: .savedArticle, recordId: ids[2], op: .delete, baseVersion: 3, hlc: stamp)
        _ = try await push(store, user, [PreparedMutation(mutation: delete, comment: nil)])
        for (after, limit) in [(0, 2), (2, 2), (4, 10), (0, 100), (6, 5)] {
            let typed = try await store.pull(userId: user, after: after, limit: limit)
            let encoded = try await store.pullEncoded(userId: user, after: after, limit: limit)
            var expected: [UInt8] = []
            for (index, change) in typed.changes.enumerated() {
                if index > 0 { expected.append(UInt8(ascii: ",")) }
                change.write(to: &expected)
            }
            #expect(encoded.changes == expected, "after \(after), limit \(limit)")
            #expect(encoded.hasMore == typed.hasMore)
            #expect(encoded.lastVersion == typed.changes.last?.version)
        }
        let whole = try await store.pullEncoded(userId: user, after: 0, limit: 100)
        let response = try PullResponse.decode(PullResponse.encodedData(changes: whole.changes, cursor: "c", hasMore: false))
        #expect(response.changes.count == 5)
        #expect(response.changes.filter(\.deleted).map(\.recordId) == [ids[2]])
    }

    @Test("a repeated mutation id returns the stored result and writes nothing", arguments: StoreKind.allCases)
    func idempotency(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let batch = [create(), create()]
        let first = try await push(store, user, batch)
        let again = try await push(store, user, batch.reversed())
        #expect(again == first.reversed())
        #expect(try await store.pull(userId: user, after: 0, limit: 10).changes.count == 2)
    }

    @Test("each user has a separate feed; mutation ids and records never cross users", arguments: StoreKind.allCases)
    func isolation(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let alice = UUID(), bob = UUID()
        let shared = create(title: "alice's")
        _ = try await push(store, alice, [shared])
        let bobResult = try await push(store, bob, [shared])
        #expect(bobResult[0].version == 1, "bob's feed starts at 1: his own record, not a replay of alice's")
        var update = shared.mutation
        update.id = UUID()
        update.op = .update
        update.fields = ["title": FieldChange(base: .string("alice's"), value: .string("bob was here"))]
        _ = try await push(store, bob, [PreparedMutation(mutation: update, comment: nil)])
        let aliceFeed = try await store.pull(userId: alice, after: 0, limit: 10)
        #expect(aliceFeed.changes.count == 1)
        #expect(aliceFeed.changes[0].record == .object(["id": .string(shared.mutation.recordId.uuidString)]).merging(aliceFeed.changes[0].record) ,
                "alice's record is unchanged")
        if case .object(let fields) = aliceFeed.changes[0].record { #expect(fields["title"] == .string("alice's")) }
    }

    @Test("concurrent pushes from many machines to one record lose no edit and number the feed without gaps",
          arguments: StoreKind.allCases)
    func concurrentPushes(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let record = create()
        _ = try await push(store, user, [record])
        let machines = 6, pushesEach = 4
        try await withThrowingTaskGroup(of: Void.self) { group in
            for machine in 0..<machines {
                group.addTask {
                    for round in 0..<pushesEach {
                        // Each machine adds its own tag against the empty base: set union must keep them all.
                        let tag = Mutation(
                            entity: .savedArticle, recordId: record.mutation.recordId, op: .update, baseVersion: 1,
                            hlc: stamp, fields: ["tags": FieldChange(base: .array([]), value: .array([.string("m\(machine)-\(round)")]))])
                        let results = try await push(store, user, [PreparedMutation(mutation: tag, comment: nil), create()])
                        #expect(results.allSatisfy { $0.status == .applied || $0.status == .merged })
                    }
                }
            }
            try await group.waitForAll()
        }
        let feed = try await store.pull(userId: user, after: 0, limit: 1000)
        let writes = 1 + machines * pushesEach * 2
        #expect(try await store.pull(userId: user, after: writes, limit: 10).changes.isEmpty)
        let latest = try await store.pull(userId: user, after: 0, limit: writes).changes
        #expect(latest.count == machines * pushesEach + 1, "one change per record: the record's latest write")
        let versions = feed.changes.map(\.version)
        #expect(versions == versions.sorted() && Set(versions).count == versions.count && versions.last == writes)
        guard case .object(let fields)? = feed.changes.first(where: { $0.recordId == record.mutation.recordId })?.record,
              case .array(let tags)? = fields["tags"]
        else { Issue.record("the record is missing"); return }
        let expected = Set((0..<machines).flatMap { machine in (0..<pushesEach).map { "m\(machine)-\($0)" } })
        #expect(Set(tags.compactMap(\.stringValue)) == expected)
    }

    @Test("moderating a comment queued through sync writes a new version of its record in the writer's feed",
          arguments: StoreKind.allCases)
    func moderatedQueuedComment(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user(role: .author))
        let writer = try await store.createUser(Fixtures.user())
        let post = try await store.createPost(Fixtures.post(by: author))
        var comment = Fixtures.comment(on: post.id, status: .pending)
        comment.userId = writer.id
        let queued = PreparedMutation(
            mutation: Mutation(entity: .comment, recordId: comment.id, op: .create, hlc: stamp, fields: [
                "postId": FieldChange(base: nil, value: .string(post.id.uuidString)),
                "body": FieldChange(base: nil, value: .string(comment.body)),
            ]),
            comment: .success(comment))
        let pushed = try await push(store, writer.id, [queued])
        #expect(pushed.map(\.status) == [.applied] && pushed.map(\.version) == [1])

        _ = try await store.setStatus(.approved, forComment: comment.id, at: Date())
        let feed = try await store.pull(userId: writer.id, after: 1, limit: 10)
        #expect(feed.changes.map(\.version) == [2])
        #expect(feed.changes.first?.recordId == comment.id)
        if case .object(let fields)? = feed.changes.first?.record {
            #expect(fields["status"] == .string("approved"))
            #expect(fields["authorEmail"] == nil, "the synced record is the public comment")
        } else {
            Issue.record("no comment record in the feed")
        }
        _ = try await store.setStatus(.approved, forComment: comment.id, at: Date())
        #expect(try await store.pull(userId: writer.id, after: 2, limit: 10).changes.isEmpty, "no change, no new version")
        let next = try await push(store, writer.id, [create()])
        #expect(next.map(\.version) == [3], "later pushes continue after the moderation's version")

        let anonymous = Fixtures.comment(on: post.id, status: .pending)
        _ = try await store.createComment(anonymous)
        _ = try await store.setStatus(.spam, forComment: anonymous.id, at: Date())
        #expect(try await store.pull(userId: writer.id, after: 3, limit: 10).changes.isEmpty)
    }

    @Test("purging old tombstones makes older cursors expire, not newer ones", arguments: StoreKind.allCases)
    func purge(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let old = now.addingTimeInterval(-100 * 86_400)
        let doomed = create()
        let created = try await push(store, user, [doomed, create()], at: old)
        #expect(created.map(\.version) == [1, 2])
        let delete = Mutation(entity: .savedArticle, recordId: doomed.mutation.recordId, op: .delete,
                              baseVersion: 1, hlc: stamp)
        _ = try await push(store, user, [PreparedMutation(mutation: delete, comment: nil)], at: old)
        _ = try await push(store, user, [create()])
        #expect(try await store.purgeTombstones(before: now.addingTimeInterval(-30 * 86_400)) == 1)
        await #expect(throws: SyncFeedError.cursorExpired(oldestValid: 3)) {
            _ = try await store.pull(userId: user, after: 2, limit: 10)
        }
        #expect(try await store.pull(userId: user, after: 3, limit: 10).changes.map(\.version) == [4])
        #expect(try await store.pull(userId: user, after: 0, limit: 10).changes.map(\.version) == [2, 4])
        #expect(try await store.purgeTombstones(before: now.addingTimeInterval(-30 * 86_400)) == 0)
    }

    @Test("an edit of a record whose delete was purged is asked for whole, then brings the record back",
          arguments: StoreKind.allCases)
    func editAcrossHorizon(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let user = UUID()
        let old = now.addingTimeInterval(-100 * 86_400)
        let saved = create(title: "before")
        let id = saved.mutation.recordId
        _ = try await push(store, user, [saved], at: old)
        let delete = Mutation(entity: .savedArticle, recordId: id, op: .delete, baseVersion: 1, hlc: stamp)
        _ = try await push(store, user, [PreparedMutation(mutation: delete, comment: nil)], at: old)
        #expect(try await store.purgeTombstones(before: now.addingTimeInterval(-30 * 86_400)) == 1)

        // A machine offline since version 1 retitles the record: the server cannot merge a patch into nothing.
        let edit = Mutation(entity: .savedArticle, recordId: id, op: .update, baseVersion: 1, hlc: stamp, fields: [
            "title": FieldChange(base: .string("before"), value: .string("after")),
        ])
        for _ in 0..<2 {
            let answer = try await push(store, user, [PreparedMutation(mutation: edit, comment: nil)])
            #expect(answer.map(\.status) == [.rejected])
            #expect(answer.first?.code == RejectionCode.recordPurged.rawValue)
            #expect(answer.first?.version == nil)
        }
        #expect(try await store.pull(userId: user, after: 0, limit: 10).changes.isEmpty)

        // The same mutation id, sent again as the whole record, brings it back with a conflict record.
        var whole = edit
        whole.op = .create
        whole.fields = [
            "url": FieldChange(base: nil, value: .string("https://x.test/\(id)")),
            "title": FieldChange(base: nil, value: .string("after")),
        ]
        let revived = try await push(store, user, [PreparedMutation(mutation: whole, comment: nil)])
        #expect(revived.map(\.status) == [.conflict])
        #expect(revived.first?.conflictIds.count == 1)
        #expect(revived.first?.deleted == false)
        let feed = try await store.pull(userId: user, after: 0, limit: 10).changes
        let record = try #require(feed.first { $0.recordId == id })
        #expect(!record.deleted)
        #expect(field(record, "title") == .string("after"))
        let conflict = try #require(feed.first { $0.entity == .conflict })
        #expect(field(conflict, "rule") == .string(ConflictRecord.updateWinsOverDelete))
        // Replaying the create returns the stored answer and writes nothing more.
        #expect(try await push(store, user, [PreparedMutation(mutation: whole, comment: nil)]) == revived)
        #expect(try await store.pull(userId: user, after: 0, limit: 10).changes.count == 2)

        // An update of a record that never existed is still refused, and that answer is stored.
        let unknown = Mutation(entity: .savedArticle, recordId: UUID(), op: .update, baseVersion: 99, hlc: stamp, fields: [
            "title": FieldChange(base: .string("a"), value: .string("b")),
        ])
        let refused = try await push(store, user, [PreparedMutation(mutation: unknown, comment: nil)])
        #expect(refused.map(\.status) == [.rejected])
        #expect(refused.first?.code == RejectionCode.notFound.rawValue)
    }
}

extension JSONValue {
    /// This object with `other`'s keys laid over it.
    func merging(_ other: JSONValue) -> JSONValue {
        guard case .object(let mine) = self, case .object(let theirs) = other else { return other }
        return .object(mine.merging(theirs) { $1 })
    }
}
