import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// The contract of ``CommentStore``, run against every implementation.
@Suite("CommentStore conformance")
struct CommentStoreConformanceTests {
    private func storeWithPost(_ kind: StoreKind) async throws -> (any ServerStore, Post) {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        return (store, try await store.createPost(Fixtures.post(by: author)))
    }

    @Test("a comment reads back with its email", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        let (store, post) = try await storeWithPost(kind)
        let comment = Fixtures.comment(on: post.id)
        _ = try await store.createComment(comment)
        #expect(try await store.comment(id: comment.id) == comment)
        #expect(try await store.comment(id: UUID()) == nil)
    }

    @Test("ids are unique and the post must exist", arguments: StoreKind.allCases)
    func constraints(kind: StoreKind) async throws {
        let (store, post) = try await storeWithPost(kind)
        let comment = try await store.createComment(Fixtures.comment(on: post.id))
        await #expect(throws: StoreError.duplicate(field: "id")) { _ = try await store.createComment(comment) }
        await #expect(throws: StoreError.missingReference(field: "postId")) {
            _ = try await store.createComment(Fixtures.comment(on: UUID()))
        }
    }

    @Test("lists one status, oldest first, in pages", arguments: StoreKind.allCases)
    func listing(kind: StoreKind) async throws {
        let (store, post) = try await storeWithPost(kind)
        var approved: [UUID] = []
        for index in 0..<5 {
            let comment = Fixtures.comment(
                on: post.id, body: "c\(index)", at: Fixtures.epoch.addingTimeInterval(Double(index / 2)))
            _ = try await store.createComment(comment)
            approved.append(comment.id)
        }
        _ = try await store.createComment(Fixtures.comment(on: post.id, body: "held", status: .pending))
        var seen: [Comment] = []
        var position = CommentListPosition.start
        while true {
            let page = try await store.comments(postId: post.id, status: .approved, limit: 2, position: position)
            seen += page.comments
            guard let next = page.next else { break }
            position = next
        }
        #expect(Set(seen.map(\.id)) == Set(approved))
        #expect(seen.count == 5)
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.createdAt <= $1.createdAt })
        let pending = try await store.comments(postId: post.id, status: .pending, limit: 10, position: .start)
        #expect(pending.comments.map(\.body) == ["held"])
    }

    @Test("finds duplicate bodies on the same post, ignoring trash", arguments: StoreKind.allCases)
    func duplicates(kind: StoreKind) async throws {
        let (store, post) = try await storeWithPost(kind)
        let comment = try await store.createComment(Fixtures.comment(on: post.id, body: "Same words"))
        #expect(try await store.hasComment(postId: post.id, body: "Same words"))
        #expect(try await store.hasComment(postId: post.id, body: "Other words") == false)
        _ = try await store.setStatus(.trash, forComment: comment.id, at: Date())
        #expect(try await store.hasComment(postId: post.id, body: "Same words") == false)
    }

    @Test("moderation changes the status", arguments: StoreKind.allCases)
    func moderation(kind: StoreKind) async throws {
        let (store, post) = try await storeWithPost(kind)
        let comment = try await store.createComment(Fixtures.comment(on: post.id, status: .pending))
        #expect(try await store.setStatus(.approved, forComment: comment.id, at: Date())?.status == .approved)
        #expect(try await store.comment(id: comment.id)?.status == .approved)
        #expect(try await store.setStatus(.spam, forComment: UUID(), at: Date()) == nil)
    }
}
