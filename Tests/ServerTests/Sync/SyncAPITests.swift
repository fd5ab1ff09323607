import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

/// Two machines of one reader driving the raw sync protocol over real HTTP, on every store.
@Suite("Sync over HTTP")
struct SyncAPITests {
    /// Runs `body` with machines A and B of one user.
    func withTwoMachines(
        _ kind: StoreKind, _ body: @Sendable (LiveServer, SyncMachine, SyncMachine) async throws -> Void
    ) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, token) = try await server.register("reader")
            try await body(server, SyncMachine(server, token: token, name: "machine-a"), SyncMachine(server, token: token, name: "machine-b"))
        }
    }

    func createArticle(_ id: UUID, on machine: SyncMachine, note: String = "", title: String = "T") -> Mutation {
        Mutation(entity: .savedArticle, recordId: id, op: .create, hlc: machine.stamp(), fields: [
            "url": change(nil, .string("https://example.com/\(id)")), "title": change(nil, .string(title)),
            "note": change(nil, .string(note)),
        ])
    }

    @Test("a field changed on one side only merges cleanly; an article saved on A reaches B", arguments: StoreKind.allCases)
    func oneSided(kind: StoreKind) async throws {
        try await withTwoMachines(kind) { _, a, b in
            let id = UUID()
            let created = try await a.push([createArticle(id, on: a)])
            #expect(created[0].status == .applied)
            let onB = try #require(SyncMachine.latest(try await b.pullAll())[id])
            #expect(onB["url"] == .string("https://example.com/\(id)"))
            let version = onB.version
            let fromA = try await a.push([Mutation(entity: .savedArticle, recordId: id, op: .update, baseVersion: version,
                hlc: a.stamp(), fields: ["favorite": change(.bool(false), .bool(true))])])
            let fromB = try await b.push([Mutation(entity: .savedArticle, recordId: id, op: .update, baseVersion: version,
                hlc: b.stamp(), fields: ["readingProgress": change(.number(0), .number(0.4))])])
            #expect(fromA[0].status == .applied)
            #expect(fromB[0].status == .applied)
            let final = try #require(SyncMachine.latest(try await a.pullAll())[id])
            #expect(final["favorite"] == .bool(true) && final["readingProgress"] == .number(0.4))
        }
    }

    @Test("text edits to different paragraphs merge; overlapping edits keep both and write a conflict record", arguments: StoreKind.allCases)
    func textMerge(kind: StoreKind) async throws {
        try await withTwoMachines(kind) { _, a, b in
            let id = UUID()
            let base = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"
            _ = try await a.push([Mutation(entity: .draft, recordId: id, op: .create, hlc: a.stamp(), fields: [
                "kind": change(nil, .string("post")), "body": change(nil, .string(base)),
            ])])
            let version = try #require(SyncMachine.latest(try await b.pullAll())[id]).version
            let editA = base.replacingOccurrences(of: "First paragraph.", with: "First paragraph, edited on A.")
            let editB = base.replacingOccurrences(of: "Third paragraph.", with: "Third paragraph, edited on B.")
            _ = try await a.push([Mutation(entity: .draft, recordId: id, op: .update, baseVersion: version, hlc: a.stamp(),
                fields: ["body": change(.string(base), .string(editA))])])
            let merged = try await b.push([Mutation(entity: .draft, recordId: id, op: .update, baseVersion: version,
                hlc: b.stamp(), fields: ["body": change(.string(base), .string(editB))])])
            #expect(merged[0].status == .merged)
            let both = "First paragraph, edited on A.\n\nSecond paragraph.\n\nThird paragraph, edited on B.\n"
            #expect(merged[0]["body"] == .string(both))

            // Now both rewrite the same paragraph.
            let v2 = try #require(merged[0].version)
            let overA = both.replacingOccurrences(of: "Second paragraph.", with: "Second, A's version.")
            let overB = both.replacingOccurrences(of: "Second paragraph.", with: "Second, B's version.")
            _ = try await a.push([Mutation(entity: .draft, recordId: id, op: .update, baseVersion: v2, hlc: a.stamp(),
                fields: ["body": change(.string(both), .string(overA))])])
            let conflicted = try await b.push([Mutation(entity: .draft, recordId: id, op: .update, baseVersion: v2,
                hlc: b.stamp(), fields: ["body": change(.string(both), .string(overB))])])
            #expect(conflicted[0].status == .conflict)
            #expect(conflicted[0]["body"] == .string(overA), "the first committed text is kept in the record")
            let conflictId = try #require(conflicted[0].conflictIds.first)
            for machine in [a, b] {
                let records = SyncMachine.latest(try await machine.pullAll())
                let conflict = try #require(records[conflictId], "the conflict record syncs to \(machine.clientId)")
                #expect(conflict.entity == .conflict)
                #expect(conflict["field"] == .string("body"))
                #expect(conflict["local"] == .string(overA) && conflict["remote"] == .string(overB), "neither text is lost")
                #expect(conflict["base"] == .string(both))
                #expect(conflict["rule"] == .string("threeWayText"))
                #expect(conflict["clientId"] == .string("machine-b"))
            }
            // Resolving is a mutation like any other.
            let resolved = try await a.push([Mutation(entity: .conflict, recordId: conflictId, op: .update,
                hlc: a.stamp(), fields: ["resolved": change(.bool(false), .bool(true)),
                                         "resolution": change(.null, .string("both"))])])
            #expect(resolved[0].status == .applied)
            #expect(SyncMachine.latest(try await b.pullAll())[conflictId]?["resolved"] == .bool(true))
        }
    }

    @Test("reading progress takes the max; tags merge as sets; favorite, archived and title: later write wins", arguments: StoreKind.allCases)
    func typedRules(kind: StoreKind) async throws {
        try await withTwoMachines(kind) { _, a, b in
            let id = UUID()
            var create = createArticle(id, on: a, title: "Original")
            create.fields["tags"] = change(nil, .array([.string("keep"), .string("drop")]))
            _ = try await a.push([create])
            let version = try #require(SyncMachine.latest(try await b.pullAll())[id]).version
            let early = a.stamp()
            let late = b.stamp(advance: 5_000)
            _ = try await b.push([Mutation(entity: .savedArticle, recordId: id, op: .update, baseVersion: version, hlc: late,
                fields: ["readingProgress": change(.number(0), .number(0.3)),
                         "tags": change(.array([.string("keep"), .string("drop")]), .array([.string("keep"), .string("drop"), .string("new-b")])),
                         "archived": change(.bool(false), .bool(true)), "title": change(.string("Original"), .string("B title"))])])
            let result = try await a.push([Mutation(entity: .savedArticle, recordId: id, op: .update, baseVersion: version, hlc: early,
                fields: ["readingProgress": change(.number(0), .number(0.8)),
                         "tags": change(.array([.string("keep"), .string("drop")]), .array([.string("keep")])),
                         "archived": change(.bool(false), .bool(false)), "title": change(.string("Original"), .string("A title"))])])
            #expect(result[0].status == .merged)
            #expect(result[0]["readingProgress"] == .number(0.8))
            #expect(result[0]["tags"] == .array([.string("keep"), .string("new-b")]), "A's remove and B's add both hold")
            #expect(result[0]["archived"] == .bool(true), "A did not change archived")
            #expect(result[0]["title"] == .string("B title"), "B's write is later on the hybrid clock")
            let onB = try #require(SyncMachine.latest(try await b.pullAll())[id])
            #expect(onB["readingProgress"] == .number(0.8) && onB["archived"] == .bool(true))
        }
    }

    @Test("an edit concurrent with a delete keeps the record with the edit and records a conflict", arguments: StoreKind.allCases)
    func editBeatsDelete(kind: StoreKind) async throws {
        try await withTwoMachines(kind) { _, a, b in
            let first = UUID()
            let second = UUID()
            _ = try await a.push([createArticle(first, on: a), createArticle(second, on: a)])
            let seen = SyncMachine.latest(try await b.pullAll())
            let v1 = try #require(seen[first]).version
            let v2 = try #require(seen[second]).version
            // Delete first, then B edits it: the edit resurrects it.
            _ = try await a.push([Mutation(entity: .savedArticle, recordId: first, op: .delete, baseVersion: v1, hlc: a.stamp())])
            let edit = try await b.push([Mutation(entity: .savedArticle, recordId: first, op: .update, baseVersion: v1,
                hlc: b.stamp(), fields: ["note": change(.string(""), .string("keep me"))])])
            #expect(edit[0].status == .conflict)
            #expect(edit[0].deleted == false && edit[0]["note"] == .string("keep me"))
            // B edits second, then A (not having seen the edit) deletes it: the delete loses.
            _ = try await b.push([Mutation(entity: .savedArticle, recordId: second, op: .update, baseVersion: v2,
                hlc: b.stamp(), fields: ["note": change(.string(""), .string("mine"))])])
            let delete = try await a.push([Mutation(entity: .savedArticle, recordId: second, op: .delete, baseVersion: v2, hlc: a.stamp())])
            #expect(delete[0].status == .conflict)
            #expect(delete[0].deleted == false)
            let records = SyncMachine.latest(try await a.pullAll())
            #expect(records[first]?.deleted == false && records[second]?.deleted == false)
            let conflicts = records.values.filter { $0.entity == .conflict }
            #expect(conflicts.count == 2)
            #expect(conflicts.allSatisfy { $0["rule"] == .string(ConflictRecord.updateWinsOverDelete) })
        }
    }

    @Test("creating an id that exists with equal content is a no-op; a plain delete leaves a tombstone", arguments: StoreKind.allCases)
    func createNoOpAndTombstone(kind: StoreKind) async throws {
        try await withTwoMachines(kind) { _, a, b in
            let id = UUID()
            let create = createArticle(id, on: a)
            let first = try await a.push([create])
            var again = create
            again.id = UUID()
            let second = try await b.push([again])
            #expect(second[0].status == .applied)
            #expect(second[0].version == first[0].version, "nothing was written")
            _ = try await b.pullAll()
            _ = try await a.push([Mutation(entity: .savedArticle, recordId: id, op: .delete, baseVersion: first[0].version, hlc: a.stamp())])
            let tombstone = try #require(SyncMachine.latest(try await b.pullAll())[id])
            #expect(tombstone.deleted)
        }
    }

    @Test("the same batch twice gives the same results and one effect", arguments: StoreKind.allCases)
    func idempotentReplay(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "P", body: "b"), token: author)
            let (_, token) = try await server.register("reader")
            let machine = SyncMachine(server, token: token, name: "train")
            let commentId = UUID()
            let batch = [
                createArticle(UUID(), on: machine),
                Mutation(entity: .comment, recordId: commentId, op: .create, hlc: machine.stamp(), fields: [
                    "postId": change(nil, .string(post.id.uuidString)), "body": change(nil, .string("Written on a train")),
                ]),
            ]
            let first = try await machine.push(batch)
            let second = try await machine.push(batch)
            #expect(first == second)
            #expect(first[1].status == .applied && first[1]["status"] == .string("approved"))
            let comments = try await server.send(.get, "/v1/posts/\(post.id)/comments").decode(Page<Comment>.self)
            #expect(comments.items.map(\.id) == [commentId], "exactly one comment")
            #expect(try await machine.pullAll().count == 2, "one record each, written once")
        }
    }

    @Test("a queued comment whose id a comment posted on the web already has is rejected as comment-id-taken", arguments: StoreKind.allCases)
    func commentIdTaken(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "Open", body: "b"), token: author)
            let taken = UUID()
            var web = CreateCommentRequest(authorName: "Web", authorEmail: "web@example.com", body: "From the web")
            web.id = taken
            #expect(try await server.send(.post, "/v1/posts/\(post.id)/comments", json: web).status == .created)
            let (_, token) = try await server.register("reader")
            let machine = SyncMachine(server, token: token, name: "train")
            let results = try await machine.push([
                Mutation(entity: .comment, recordId: taken, op: .create, hlc: machine.stamp(), fields: [
                    "postId": change(nil, .string(post.id.uuidString)), "body": change(nil, .string("From the train")),
                ])
            ])
            #expect(results.map(\.status) == [.rejected])
            #expect(results.first?.code == RejectionCode.commentIdTaken.rawValue)
            #expect(results.first?.reason?.contains(taken.uuidString) == true)
            let comments = try await server.send(.get, "/v1/posts/\(post.id)/comments").decode(Page<Comment>.self)
            #expect(comments.items.map(\.body) == ["From the web"], "the web's comment stands, unchanged")
        }
    }

    @Test("a rejected comment does not block the rest of its batch", arguments: StoreKind.allCases)
    func rejectedComment(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let closed = try await server.createPost(CreatePostRequest(title: "Closed", body: "b", commentStatus: .closed), token: author)
            let (_, token) = try await server.register("reader")
            let machine = SyncMachine(server, token: token, name: "train")
            let article = UUID()
            let results = try await machine.push([
                Mutation(entity: .comment, recordId: UUID(), op: .create, hlc: machine.stamp(), fields: [
                    "postId": change(nil, .string(closed.id.uuidString)), "body": change(nil, .string("Hello")),
                ]),
                Mutation(entity: .comment, recordId: UUID(), op: .create, hlc: machine.stamp(), fields: [
                    "postId": change(nil, .string(UUID().uuidString)), "body": change(nil, .string("Hello")),
                ]),
                createArticle(article, on: machine),
                Mutation(entity: .savedArticle, recordId: UUID(), op: .update, hlc: machine.stamp(),
                         fields: ["bogus": change(nil, .bool(true))]),
            ])
            #expect(results.map(\.status) == [.rejected, .rejected, .applied, .rejected])
            #expect(results[0].reason?.contains("closed") == true)
            #expect(results[1].reason?.contains("no longer exists") == true)
            #expect(results[3].reason?.contains("bogus") == true)
            #expect(results.map(\.code) == ["comment-closed", "comment-closed", nil, "invalid"], "each rejection says why, for programs")
            #expect(SyncMachine.latest(try await machine.pullAll()).keys.contains(article))
        }
    }

    @Test("a cursor older than the tombstone horizon gets 410; a full re-read recovers", arguments: StoreKind.allCases)
    func horizon(kind: StoreKind) async throws {
        try await withTwoMachines(kind) { server, a, b in
            let doomed = UUID()
            let kept = UUID()
            let created = try await a.push([createArticle(doomed, on: a)])
            _ = try await b.pullAll()
            _ = try await a.push([Mutation(entity: .savedArticle, recordId: doomed, op: .delete,
                                           baseVersion: created[0].version, hlc: a.stamp()), createArticle(kept, on: a)])
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await server.dependencies.sync.purgeTombstones(before: Date()) == 1)
            let gone = try await server.send(.get, "/v1/sync/pull?cursor=\(try #require(b.cursor))", token: b.token)
            #expect(gone.status == .gone)
            #expect(try gone.problem().detail.contains("without a cursor"))
            b.cursor = nil
            let records = SyncMachine.latest(try await b.pullAll())
            #expect(records.keys.contains(kept) && !records.keys.contains(doomed))
        }
    }

    @Test("no push or pull ever reads or touches another user's records", arguments: StoreKind.allCases)
    func isolation(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, alice) = try await server.register("alice")
            let (_, mallory) = try await server.register("mallory")
            let a = SyncMachine(server, token: alice, name: "alice-laptop")
            let m = SyncMachine(server, token: mallory, name: "mallory-laptop")
            let id = UUID()
            let created = try await a.push([createArticle(id, on: a, note: "private")])
            #expect(try await m.pullAll().isEmpty)
            let attack = try await m.push([
                Mutation(entity: .savedArticle, recordId: id, op: .update, baseVersion: created[0].version, hlc: m.stamp(),
                         fields: ["note": change(.string("private"), .string("defaced"))]),
                Mutation(entity: .savedArticle, recordId: id, op: .delete, baseVersion: created[0].version, hlc: m.stamp()),
            ])
            #expect(attack[0].status == .rejected, "mallory has no such record")
            #expect(attack[0].record == nil)
            let onAlice = try #require(SyncMachine.latest(try await a.pullAll())[id])
            #expect(onAlice["note"] == .string("private") && !onAlice.deleted)
            let replay = try await server.send(
                .post, "/v1/sync/push", sync: PushRequest(clientId: "x", mutations: [createArticle(id, on: m, note: "mallory's own")]),
                token: mallory)
            #expect(!replay.bodyText.contains("private"), "mallory's create makes her own record and reads nothing of alice's")
            #expect(try replay.decode(PushResponse.self).results[0].status == .applied)
            #expect(try await a.pullAll().isEmpty, "nothing new in alice's feed")
            #expect(try await server.send(.get, "/v1/sync/pull", token: nil).status == .unauthorized)
        }
    }

    @Test("a reader's highlights are theirs alone; one without its quote or article is refused", arguments: StoreKind.allCases)
    func highlightsArePrivate(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, author) = try await server.register("author")
            let (_, reader) = try await server.register("reader")
            let r = SyncMachine(server, token: reader, name: "reader-laptop")
            let a = SyncMachine(server, token: author, name: "author-laptop")
            let article = UUID(), highlight = UUID()
            let fields: [String: FieldChange] = [
                "articleId": change(nil, .string(article.uuidString)), "exact": change(nil, .string("a kept passage")),
                "prefix": change(nil, .string("before ")), "suffix": change(nil, .string(" after")),
                "start": change(nil, .number(7)), "end": change(nil, .number(21)), "note": change(nil, .string("mine")),
            ]
            let made = try await r.push([
                createArticle(article, on: r, note: ""),
                Mutation(entity: .highlight, recordId: highlight, op: .create, hlc: r.stamp(), fields: fields),
            ])
            #expect(made.map(\.status) == [.applied, .applied])
            #expect(try await a.pullAll().isEmpty, "the author sees nothing of a reader's highlights")
            let pulled = try #require(SyncMachine.latest(try await r.pullAll())[highlight])
            #expect(pulled["exact"] == .string("a kept passage") && pulled["color"] == .string("yellow"))

            let missing = try await r.push([
                Mutation(entity: .highlight, recordId: UUID(), op: .create, hlc: r.stamp(),
                         fields: ["articleId": change(nil, .string(article.uuidString))]),
                Mutation(entity: .highlight, recordId: UUID(), op: .create, hlc: r.stamp(),
                         fields: ["exact": change(nil, .string("x")), "articleId": change(nil, .string(article.uuidString)),
                                  "start": change(nil, .number(-1))]),
            ])
            #expect(missing.map(\.status) == [.rejected, .rejected])
        }
    }

    @Test("bad push bodies are 4xx problems and change nothing", arguments: StoreKind.allCases)
    func badPushes(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (_, token) = try await server.register("reader")
            #expect(try await server.send(.post, "/v1/sync/push", raw: "{\"clientId\": 1}", token: token).status == .badRequest)
            let hlc = HLCTimestamp(wallMillis: 1, counter: 0, node: "n")
            let tooMany = (0...SyncLimits.maxPushBatch).map { _ in
                Mutation(entity: .draft, recordId: UUID(), op: .create, hlc: hlc, fields: ["kind": change(nil, .string("post"))])
            }
            let big = try await server.send(.post, "/v1/sync/push", sync: PushRequest(clientId: "c", mutations: tooMany), token: token)
            #expect(big.status == .unprocessableContent)
            #expect(try await server.send(.get, "/v1/sync/pull?cursor=nope", token: token).status == .badRequest)
            #expect(try await server.send(.get, "/v1/sync/pull", token: token).decode(PullResponse.self).changes.isEmpty)
        }
    }
}
