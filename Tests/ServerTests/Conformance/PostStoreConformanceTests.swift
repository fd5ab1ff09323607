import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// The contract of ``PostStore``, run against every implementation.
@Suite("PostStore conformance")
struct PostStoreConformanceTests {
    @Test("a created post reads back equal, by id and by slug", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        let post = Fixtures.post(by: author, title: "Hello", tags: ["a", "b"])
        let created = try await store.createPost(post)
        #expect(created == post)
        #expect(try await store.post(id: post.id) == post)
        #expect(try await store.post(slug: post.slug) == post)
        #expect(try await store.slugExists(post.slug))
        #expect(try await store.slugExists("missing") == false)
    }

    @Test("a post's featured media item is stored, changed and listed", arguments: StoreKind.allCases)
    func featuredMedia(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        var post = Fixtures.post(by: author)
        post.featuredMediaId = UUID()
        #expect(try await store.createPost(post).featuredMediaId == post.featuredMediaId)
        #expect(try await store.listPosts(PostQuery()).posts.first?.featuredMediaId == post.featuredMediaId)
        post.featuredMediaId = UUID()
        #expect(try await store.updatePost(post, expectedVersion: 1)?.featuredMediaId == post.featuredMediaId)
        post.featuredMediaId = nil
        #expect(try await store.updatePost(post, expectedVersion: 2)?.featuredMediaId == nil)
    }

    @Test("slugs are unique", arguments: StoreKind.allCases)
    func uniqueSlug(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        _ = try await store.createPost(Fixtures.post(by: author, slug: "same"))
        await #expect(throws: StoreError.duplicate(field: "slug")) {
            _ = try await store.createPost(Fixtures.post(by: author, slug: "same"))
        }
    }

    @Test("lists are newest first, paginate without gaps or repeats, and hide drafts", arguments: StoreKind.allCases)
    func pagination(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        var expected: [UUID] = []
        for index in 0..<7 {
            // Two posts share each timestamp, so the id tie-break is exercised.
            let post = Fixtures.post(by: author, at: Fixtures.epoch.addingTimeInterval(Double(index / 2)))
            _ = try await store.createPost(post)
            expected.append(post.id)
        }
        _ = try await store.createPost(Fixtures.post(by: author, status: .draft))
        var seen: [Post] = []
        var position = PostListPosition.start
        while true {
            let page = try await store.listPosts(PostQuery(limit: 3, position: position))
            seen += page.posts
            guard let next = page.next else { break }
            position = next
        }
        #expect(seen.count == 7)
        #expect(Set(seen.map(\.id)) == Set(expected))
        let keys = seen.map { ($0.publishedAt!, $0.id.uuidString) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 > $1.1) })
    }

    @Test("drafts are listed only for their author when asked", arguments: StoreKind.allCases)
    func drafts(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        let other = try await store.createUser(Fixtures.user("other"))
        let draft = try await store.createPost(Fixtures.post(by: author, status: .draft))
        #expect(try await store.listPosts(PostQuery(includeDraftsOf: author.id)).posts.map(\.id) == [draft.id])
        #expect(try await store.listPosts(PostQuery(includeDraftsOf: other.id)).posts.isEmpty)
        #expect(try await store.listPosts(PostQuery()).posts.isEmpty)
    }

    @Test("filters by author and tag", arguments: StoreKind.allCases)
    func filters(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let ann = try await store.createUser(Fixtures.user("ann"))
        let ben = try await store.createUser(Fixtures.user("ben"))
        let swift = try await store.createPost(Fixtures.post(by: ann, tags: ["swift", "sync"]))
        let sync = try await store.createPost(Fixtures.post(by: ben, tags: ["sync"]))
        #expect(try await store.listPosts(PostQuery(authorId: ann.id)).posts.map(\.id) == [swift.id])
        #expect(Set(try await store.listPosts(PostQuery(tag: "sync")).posts.map(\.id)) == [swift.id, sync.id])
        #expect(try await store.listPosts(PostQuery(authorId: ben.id, tag: "swift")).posts.isEmpty)
    }

    @Test("full-text search ranks title matches first and pages by offset", arguments: StoreKind.allCases)
    func search(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        let inBody = try await store.createPost(
            Fixtures.post(by: author, title: "Unrelated", body: "We talk about gardening and clocks."))
        let inTitle = try await store.createPost(
            Fixtures.post(by: author, title: "Gardening in winter", body: "Soil, frost and patience."))
        _ = try await store.createPost(Fixtures.post(by: author, title: "Other", body: "Nothing to see."))
        let first = try await store.listPosts(PostQuery(search: "gardening", limit: 1))
        #expect(first.posts.map(\.id) == [inTitle.id])
        let second = try await store.listPosts(PostQuery(search: "gardening", limit: 1, position: try #require(first.next)))
        #expect(second.posts.map(\.id) == [inBody.id])
        #expect(second.next == nil)
        #expect(try await store.listPosts(PostQuery(search: "garden")).posts.count == 2, "prefix match")
        #expect(try await store.listPosts(PostQuery(search: "\"OR NEAR(* -")).posts.isEmpty, "syntax is not interpreted")
    }

    @Test("updates need the current version and bump it", arguments: StoreKind.allCases)
    func optimisticUpdate(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        var post = try await store.createPost(Fixtures.post(by: author, tags: ["old"]))
        post.title = "New title"
        post.tags = ["new"]
        let updated = try #require(try await store.updatePost(post, expectedVersion: 1))
        #expect(updated.version == 2)
        #expect(updated.title == "New title")
        #expect(try await store.listPosts(PostQuery(tag: "old")).posts.isEmpty)
        #expect(try await store.listPosts(PostQuery(search: "new title")).posts.map(\.id) == [post.id])
        await #expect(throws: StoreError.versionMismatch(current: 2)) {
            _ = try await store.updatePost(post, expectedVersion: 1)
        }
        var missing = post
        missing.id = UUID()
        #expect(try await store.updatePost(missing, expectedVersion: 1) == nil)
    }

    @Test("deleting removes the post and its comments", arguments: StoreKind.allCases)
    func delete(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        let post = try await store.createPost(Fixtures.post(by: author))
        let comment = try await store.createComment(Fixtures.comment(on: post.id))
        #expect(try await store.deletePost(id: post.id))
        #expect(try await store.post(id: post.id) == nil)
        #expect(try await store.comment(id: comment.id) == nil)
        #expect(try await store.deletePost(id: post.id) == false)
    }

    @Test("random picks a published post; authors count their published posts", arguments: StoreKind.allCases)
    func randomAndAuthor(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        #expect(try await store.randomPost() == nil)
        let post = try await store.createPost(Fixtures.post(by: author))
        _ = try await store.createPost(Fixtures.post(by: author, status: .draft))
        for _ in 0..<5 { #expect(try await store.randomPost()?.id == post.id) }
        let found = try await store.author(id: author.id)
        #expect(found?.postCount == 1)
        #expect(found?.username == "writer")
        #expect(try await store.author(id: UUID()) == nil)
    }

    @Test("commentCount counts approved comments only", arguments: StoreKind.allCases)
    func commentCount(kind: StoreKind) async throws {
        let store = try await kind.makeStore()
        let author = try await store.createUser(Fixtures.user("writer"))
        let post = try await store.createPost(Fixtures.post(by: author))
        _ = try await store.createComment(Fixtures.comment(on: post.id, status: .approved))
        _ = try await store.createComment(Fixtures.comment(on: post.id, body: "b", status: .pending))
        #expect(try await store.post(id: post.id)?.commentCount == 1)
    }
}
