import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelHTTP

/// ``PostLookup`` over a real SQLite store: the visibility rule the post, comment and web routes share.
@Suite("Post lookups")
struct PostLookupTests {
    @Test("a post is found by id or by slug in any case; a draft only by those who may edit it")
    func visiblePost() async throws {
        let store = try await StoreKind.sqlite.makeStore()
        let author = try await store.createUser(Fixtures.user("writer", role: .author))
        let reader = try await store.createUser(Fixtures.user("reader"))
        let admin = try await store.createUser(Fixtures.user("boss", role: .admin))
        let published = try await store.createPost(Fixtures.post(by: author, title: "Out", slug: "out-now"))
        let draft = try await store.createPost(Fixtures.post(by: author, title: "Soon", status: .draft, slug: "soon"))
        let lookup = PostLookup(posts: store)

        for key in [published.id.uuidString, published.id.uuidString.lowercased(), "out-now", "OUT-NOW"] {
            #expect(try await lookup.visiblePost(key, for: nil).id == published.id, "\(key)")
        }
        for user in [author, admin] {
            #expect(try await lookup.visiblePost("soon", for: user).id == draft.id)
        }
        for user in [nil, reader] as [User?] {
            await #expect(throws: APIError.self) { try await lookup.visiblePost(draft.id.uuidString, for: user) }
        }
        await #expect(throws: APIError.self) { try await lookup.visiblePost("no-such-post", for: admin) }

        #expect(try await lookup.publishedPost(slug: "Out-Now").id == published.id)
        let hidden = await #expect(throws: APIError.self) { try await lookup.publishedPost(slug: "soon") }
        #expect(hidden?.status == .notFound)
    }
}
