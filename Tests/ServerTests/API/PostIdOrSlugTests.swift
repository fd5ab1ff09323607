import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

/// One rule for every post `{id}` in a path: a UUID or the post's slug.
@Suite("Post ids and slugs")
struct PostIdOrSlugTests {
    @Test("commenting, editing and deleting take a slug like reading does")
    func slugEverywhere() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "Slugged", body: "b", slug: "slugged"), token: author)
            let comment = CreateCommentRequest(authorName: "Reader", authorEmail: "r@example.com", body: "By slug")
            let created = try await server.send(.post, "/v1/posts/slugged/comments", json: comment)
            #expect(created.status == .created)
            #expect(try created.decode(Comment.self).postId == post.id)
            let listed = try await server.send(.get, "/v1/posts/Slugged/comments").decode(Page<Comment>.self)
            #expect(listed.items.map(\.body) == ["By slug"])

            let edited = try await server.send(.patch, "/v1/posts/slugged", json: UpdatePostRequest(title: "Renamed"), token: author)
            #expect(edited.status == .ok)
            #expect(try edited.decode(Post.self).id == post.id)

            let unknown = try await server.send(.post, "/v1/posts/no-such-post/comments", json: comment)
            #expect(unknown.status == .notFound)
            #expect(try await server.send(.delete, "/v1/posts/no-such-post", token: author).status == .notFound)
            #expect(try await server.send(.delete, "/v1/posts/slugged", token: author).status == .noContent)
            #expect(try await server.send(.get, "/v1/posts/\(post.id)").status == .notFound)
        }
    }
}

extension PostIdOrSlugTests {
    @Test("a draft its author can see takes no comments yet: 403, not 404")
    func draftTakesNoComments() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let draft = try await server.createPost(CreatePostRequest(title: "Soon", body: "b", status: .draft), token: author)
            let comment = CreateCommentRequest(body: "Early")
            #expect(try await server.send(.post, "/v1/posts/\(draft.id)/comments", json: comment, token: author).status == .forbidden)
            let anonymous = CreateCommentRequest(authorName: "R", authorEmail: "r@example.com", body: "Early")
            #expect(try await server.send(.post, "/v1/posts/\(draft.id)/comments", json: anonymous).status == .notFound)
        }
    }
}
