import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
@testable import SatchelStores

/// Stored data that cannot be read back is the server's fault: a 500 on the API and on the blog,
/// its detail on the request's log line with the request id, counted with the 5xx; never a 503 that
/// tells clients to retry a read that will fail again, and never silent.
@Suite("Corrupt stored data over HTTP")
struct CorruptDataAnswerTests {
    @Test("a post with a corrupt status is a logged, counted 500 for the API and for the blog page alike")
    func corruptPost() async throws {
        let store = try await StoreKind.sqlite.makeStore()
        try await ObservedServer.run(store: store) { server in
            let (post, _, _) = try await server.live.authorWithPost()
            let sqlite = try #require(store as? SQLiteStore)
            try await sqlite.pool.write { db in try db.execute(sql: "UPDATE posts SET status = 'bogus'") }

            let api = try await server.live.send(.get, "/v1/posts/\(post.id)", headers: [.requestId: "corrupt-api-1"])
            #expect(api.status == .internalServerError)
            #expect(try api.problem().type == "/problems/internal")
            #expect(api.headers[.retryAfter] == nil)
            #expect(!api.bodyText.contains("posts.status") && !api.bodyText.contains("bogus"), "no detail reaches the client")
            let page = try await server.live.page("/posts/\(post.slug)", headers: [.requestId: "corrupt-page-1"])
            #expect(page.status == .internalServerError)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")

            for id in ["corrupt-api-1", "corrupt-page-1"] {
                let line = try #require(server.logs.requestLines.first { $0.contains("request_id=\(id)") })
                #expect(line.contains("level=error") && line.contains("status=500"), "\(line)")
                #expect(line.contains("corrupt stored data: posts.status"), "\(line)")
            }
            let exposition = try await server.scrape()
            #expect(exposition.series("satchel_http_requests_total").filter { $0.labels["status"] == "5xx" }
                .map(\.value).reduce(0, +) == 2)
        }
    }
}
