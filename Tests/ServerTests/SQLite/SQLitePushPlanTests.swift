import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelSync
@testable import SatchelStores

/// A push plan is made outside the write lock; it must be committed only while what it read holds.
@Suite("SQLite push plans")
struct SQLitePushPlanTests {
    let now = Date()
    let stamp = HLCTimestamp(wallMillis: Int64(Date().timeIntervalSince1970 * 1000), counter: 0, node: "t")

    func create(_ id: UUID = UUID()) -> PreparedMutation {
        PreparedMutation(mutation: Mutation(entity: .savedArticle, recordId: id, op: .create, hlc: stamp, fields: [
            "url": FieldChange(base: nil, value: .string("https://x.test/\(id)")),
        ]), comment: nil)
    }

    func makeStore() throws -> (SQLiteStore, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-plan-\(UUID()).sqlite").path
        return (try SQLiteStore(path: path), path)
    }

    func plan(_ store: SQLiteStore, _ user: UUID, _ batch: [PreparedMutation]) async throws -> SQLitePushPlan {
        try await store.read { db in
            try SQLitePushPlan(db, user: user, batch: batch, applier: SyncApplier(clientId: "c", now: now))
        }
    }

    func isCurrent(_ plan: SQLitePushPlan, _ store: SQLiteStore, _ user: UUID) async throws -> Bool {
        try await store.write { db in try plan.isCurrent(db, user: user) }
    }

    @Test("a plan stays current until the same user pushes; another user's push does not matter")
    func staleAfterPush() async throws {
        let (store, path) = try makeStore()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let user = UUID(), other = UUID()
        let batch = [create()]
        let planned = try await plan(store, user, batch)
        #expect(try await isCurrent(planned, store, user))
        _ = try await store.applyPush(userId: other, batch: [create()], applier: SyncApplier(clientId: "c", now: now))
        #expect(try await isCurrent(planned, store, user))
        _ = try await store.applyPush(userId: user, batch: [create()], applier: SyncApplier(clientId: "c", now: now))
        #expect(try await !isCurrent(planned, store, user))
        // Pushing the batch remakes the plan under the lock: it takes the next version, not the planned one.
        let results = try await store.applyPush(userId: user, batch: batch, applier: SyncApplier(clientId: "c", now: now))
        #expect(results.map(\.version) == [2])
    }

    @Test("a push that only stores a rejection still makes earlier plans stale")
    func staleAfterRejection() async throws {
        let (store, path) = try makeStore()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let user = UUID()
        let missing = PreparedMutation(mutation: Mutation(
            entity: .savedArticle, recordId: UUID(), op: .update, baseVersion: 1, hlc: stamp,
            fields: ["note": FieldChange(base: .string(""), value: .string("x"))]), comment: nil)
        let planned = try await plan(store, user, [missing])
        let rejected = try await store.applyPush(userId: user, batch: [missing], applier: SyncApplier(clientId: "c", now: now))
        #expect(rejected.map(\.status) == [.rejected])
        #expect(try await !isCurrent(planned, store, user), "the mutation id now has a stored result")
    }

    @Test("purging a user's tombstones makes that user's plans stale")
    func staleAfterPurge() async throws {
        let (store, path) = try makeStore()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let user = UUID()
        let old = now.addingTimeInterval(-100 * 86_400)
        let record = create()
        _ = try await store.applyPush(userId: user, batch: [record], applier: SyncApplier(clientId: "c", now: old))
        let delete = Mutation(entity: .savedArticle, recordId: record.mutation.recordId, op: .delete, baseVersion: 1, hlc: stamp)
        _ = try await store.applyPush(
            userId: user, batch: [PreparedMutation(mutation: delete, comment: nil)], applier: SyncApplier(clientId: "c", now: old))
        let recreate = create(record.mutation.recordId)
        let planned = try await plan(store, user, [recreate])
        #expect(try await store.purgeTombstones(before: now.addingTimeInterval(-30 * 86_400)) == 1)
        #expect(try await !isCurrent(planned, store, user))
    }

    @Test("a queued comment planned while its post was open is rejected once the post closed before the commit")
    func commentOnClosedPost() async throws {
        let (store, path) = try makeStore()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let author = Fixtures.user(role: .author)
        _ = try await store.createUser(author)
        let post = Fixtures.post(by: author.user)
        _ = try await store.createPost(post)
        let comment = Fixtures.comment(on: post.id)
        let queued = PreparedMutation(
            mutation: Mutation(entity: .comment, recordId: comment.id, op: .create, hlc: stamp, fields: [
                "postId": FieldChange(base: nil, value: .string(post.id.uuidString)),
                "body": FieldChange(base: nil, value: .string(comment.body)),
            ]),
            comment: .success(comment))
        let user = UUID()
        let planned = try await plan(store, user, [queued])
        #expect(planned.results.map(\.status) == [.applied])
        var closed = post
        closed.commentStatus = .closed
        _ = try await store.updatePost(closed, expectedVersion: post.version)
        #expect(try await !isCurrent(planned, store, user))
        let results = try await store.applyPush(userId: user, batch: [queued], applier: SyncApplier(clientId: "c", now: now))
        #expect(results.map(\.status) == [.rejected])
        #expect(try await store.comment(id: comment.id) == nil)
    }

    @Test("a batch of 1,200 (more ids than one statement's old chunk) replays from its stored results and finds every record")
    func largeBatchLookups() async throws {
        let (store, path) = try makeStore()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let user = UUID()
        let batch = (0..<1_200).map { _ in create() }
        let applier = SyncApplier(clientId: "c", now: now)
        let first = try await store.applyPush(userId: user, batch: batch, applier: applier)
        #expect(first.map(\.version) == Array(1...1_200))
        let replayed = try await store.applyPush(userId: user, batch: batch, applier: applier)
        #expect(replayed == first, "a replayed batch gets its stored results, not new versions")
        let updates = batch.enumerated().map { index, created in
            PreparedMutation(mutation: Mutation(
                entity: .savedArticle, recordId: created.mutation.recordId, op: .update, baseVersion: index + 1, hlc: stamp,
                fields: ["note": FieldChange(base: nil, value: .string("n\(index)"))]), comment: nil)
        }
        let updated = try await store.applyPush(userId: user, batch: updates, applier: applier)
        #expect(updated.allSatisfy { $0.status == .applied }, "every record was found: \(Set(updated.map(\.status)))")
        #expect(updated.map(\.version) == Array(1_201...2_400))
    }
}
