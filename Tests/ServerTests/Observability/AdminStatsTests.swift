import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// `GET /v1/admin/stats` on every store.
@Suite("Admin stats")
struct AdminStatsTests {
    @Test("an admin reads exact counts of what the server holds; others are refused", arguments: StoreKind.allCases)
    func counts(kind: StoreKind) async throws {
        try await LiveServer.run(kind: kind) { server in
            let (admin, author, _) = try await server.adminAndAuthor()
            let post = try await server.createPost(CreatePostRequest(title: "P", body: "b"), token: author)
            _ = try await server.createPost(CreatePostRequest(title: "D", body: "b", status: .draft), token: author)
            let held = CreateCommentRequest(
                authorName: "R", authorEmail: "r@example.com", body: "http://a.test http://b.test http://c.test")
            #expect(try await server.send(.post, "/v1/posts/\(post.id)/comments", json: held).status == .accepted)
            let (_, reader) = try await server.register("reader")
            let machine = SyncMachine(server, token: reader, name: "laptop")
            let ids = [UUID(), UUID()]
            try await machine.push(ids.map { id in
                Mutation(entity: .savedArticle, recordId: id, op: .create, hlc: machine.stamp(),
                         fields: ["url": change(nil, .string("https://example.com/\(id)"))])
            })
            let results = try await machine.push([
                Mutation(entity: .savedArticle, recordId: ids[0], op: .delete, baseVersion: 1, hlc: machine.stamp(), fields: [:]),
            ])
            #expect(results.map(\.status) == [.applied])

            let response = try await server.send(.get, "/v1/admin/stats", token: admin)
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            let stats = try response.decode(ServerStats.self)
            #expect(stats == ServerStats(
                users: 3, posts: 2, commentsHeld: 1, syncRecords: 2, syncFeeds: 1, feedVersions: 3, syncMutations: 3,
                tombstones: 1, tombstonesDue: 0))

            #expect(try await server.send(.get, "/v1/admin/stats", token: reader).status == .forbidden)
            #expect(try await server.send(.get, "/v1/admin/stats", token: author).status == .forbidden)
            #expect(try await server.send(.get, "/v1/admin/stats").status == .unauthorized)
        }
    }
}
