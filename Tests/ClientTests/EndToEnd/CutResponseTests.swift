import Foundation
import SatchelShared
import Testing
@testable import SatchelClient
@testable import SatchelServer

/// Answers the first push and the first pull as libcurl reports a 2xx response cut inside its headers:
/// success with an empty body, after the server has processed the request.
final class EmptyFirstSyncResponses: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport
    private let lock = NSLock()
    private var emptied: Set<String> = []

    init(_ inner: any HTTPTransport) { self.inner = inner }

    var emptiedPaths: Set<String> { lock.withLock { emptied } }

    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        let response = try await inner.send(request)
        let kind = ["/v1/sync/push", "/v1/sync/pull"].first { request.path.hasPrefix($0) }
        let cut = lock.withLock { () -> Bool in
            guard let kind, !emptied.contains(kind) else { return false }
            emptied.insert(kind)
            return true
        }
        return cut ? HTTPResponseData(status: 200, headers: [:], body: Data()) : response
    }
}

@Suite("Responses cut on the way")
struct CutResponseTests {
    @Test("a 2xx answer with an empty body is a retryable transport failure, not a malformed answer")
    func emptyBodyIsRetryable() async throws {
        let api = SatchelAPI(transport: InMemoryTransport { _ in HTTPResponseData(status: 200, headers: [:], body: Data()) })
        let error = await #expect(throws: TransportError.self) { try await api.pull(cursor: nil, limit: 10) }
        #expect(error?.isRetryable == true)
        if case .network = error {} else { Issue.record("expected a network error, got \(String(describing: error))") }
    }

    @Test("sync retries cut push and pull answers: it succeeds, and the comment is posted once")
    func syncRetriesCutAnswers() async throws {
        let cutter = LockedBox<EmptyFirstSyncResponses?>(nil)
        try await TwoMachines.run(wrapA: { inner in
            let wrapper = EmptyFirstSyncResponses(inner)
            cutter.set(wrapper)
            return wrapper
        }) { m in
            let post = try await m.publishedPost(slug: "cut-short", title: "Cut short")
            let article = try m.a.saveArticle(url: "https://example.com/cut", title: "Cut")
            let queued = try m.a.queueComment(postId: post.id, body: "Sent through a bad network")
            try await m.a.sync()
            #expect(cutter.value?.emptiedPaths == ["/v1/sync/push", "/v1/sync/pull"], "both answers were really cut")
            #expect(try m.a.article(article.id)?.state == .synced)
            let comments = try await m.api.comments(postId: post.id)
            #expect(comments.items.map(\.id) == [queued.id], "exactly one comment on the server")
            try await m.b.sync()
            #expect(try m.b.article(article.id)?.value.title == "Cut")
        }
    }
}
