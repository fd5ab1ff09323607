import Foundation
import SatchelShared
import Testing
@testable import SatchelServer

/// A pull's cursor is decoded once per request, with one message for every cursor the sync feed did not issue.
@Suite("Sync cursors")
struct SyncCursorTests {
    @Test("garbage and a post-list cursor get the same 400 naming cursor; an empty cursor starts over")
    func oneDecodeOneMessage() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            for title in ["One", "Two"] {
                _ = try await server.createPost(CreatePostRequest(title: title, body: "Body"), token: author)
            }
            let list = try await server.send(.get, "/v1/posts?limit=1").decode(Page<Post>.self)
            let listCursor = try #require(list.nextCursor)
            var details: Set<String> = []
            for cursor in ["nope", listCursor] {
                let response = try await server.send(.get, "/v1/sync/pull?cursor=\(cursor)", token: author)
                #expect(response.status == .badRequest)
                let problem = try response.problem()
                #expect(problem.errors?.map(\.field) == ["cursor"])
                details.insert(problem.detail)
            }
            #expect(details.count == 1, "one message: \(details)")
            #expect(details.first?.contains("is not a sync cursor") == true)
            #expect(try await server.send(.get, "/v1/sync/pull?cursor=&limit=1001", token: author).status == .badRequest)
            #expect(try await server.send(.get, "/v1/sync/pull?cursor=", token: author).status == .ok)
        }
    }
}
