import Foundation
import SatchelShared
import Testing
@testable import SatchelClient

/// Swift Testing declares its own `Comment`; in these tests the name means Satchel's.
typealias Comment = SatchelShared.Comment

/// ``SatchelAPI`` over an ``InMemoryTransport``: requests it builds and answers it reads.
@Suite("SatchelAPI")
struct SatchelAPITests {
    /// Requests seen by a fake server.
    actor RequestLog {
        private(set) var requests: [HTTPRequestSpec] = []
        func append(_ request: HTTPRequestSpec) { requests.append(request) }
        var last: HTTPRequestSpec? { requests.last }
    }

    /// An API whose transport records each request and answers with `status`, `headers` and `body`.
    static func api(
        status: Int = 200, headers: [String: String] = ["content-type": "application/json"], body: String = "{}",
        token: String? = nil, now: Date = Date(), log: RequestLog = RequestLog()
    ) -> SatchelAPI {
        let transport = InMemoryTransport { request in
            await log.append(request)
            return HTTPResponseData(status: status, headers: headers, body: Data(body.utf8))
        }
        return SatchelAPI(transport: transport, token: token, clock: { now })
    }

    static let problemJSON = #"{"type":"/problems/rate-limited","title":"Too many requests","status":429,"detail":"Slow down."}"#

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try SatchelJSON.encoder().encode(value), as: UTF8.self)
    }

    static let user = User(
        id: UUID(), username: "ada", displayName: "Ada", email: "ada@example.com", role: .reader,
        createdAt: Date(timeIntervalSince1970: 1_700_000_000))

    @Test("Retry-After in seconds")
    func retryAfterSeconds() async throws {
        let api = Self.api(
            status: 429, headers: ["content-type": "application/problem+json", "retry-after": "120"],
            body: Self.problemJSON)
        let error = await #expect(throws: TransportError.self) { try await api.me() }
        #expect(error == .http(
            status: 429, problem: Problem(type: "/problems/rate-limited", title: "Too many requests", status: 429,
                                          detail: "Slow down."), retryAfter: 120))
        #expect(error?.isRetryable == true)
    }

    @Test("Retry-After as an HTTP date, in each form RFC 9110 accepts, relative to the injected clock")
    func retryAfterDate() async throws {
        // Sun, 06 Nov 1994 08:49:37 GMT
        let date = Date(timeIntervalSince1970: 784_111_777)
        let now = date.addingTimeInterval(-90)
        let api = Self.api(status: 503, headers: ["Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"], body: "", now: now)
        let error = await #expect(throws: TransportError.self) { try await api.me() }
        #expect(error?.retryAfter == 90)
        #expect(error?.problem == nil)

        #expect(SatchelAPI.retryDelay("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == 90)
        #expect(SatchelAPI.retryDelay("Sun Nov  6 08:49:37 1994", now: now) == 90)
        #expect(SatchelAPI.retryDelay("Sun, 06 Nov 1994 08:49:37 GMT", now: date.addingTimeInterval(60)) == 0,
                "a date in the past means now")
        #expect(SatchelAPI.retryDelay(" 7 ", now: now) == 7)
        #expect(SatchelAPI.retryDelay("soon", now: now) == nil)
        #expect(SatchelAPI.retryDelay("-5", now: now) == nil)
    }

    @Test("a problem+json body is decoded, with charset parameter or not; other bodies are not")
    func problemDecoding() async throws {
        let validation = Problem(
            type: "/problems/validation", title: "Invalid request", status: 422, detail: "Some fields are invalid: email.",
            errors: [FieldError(field: "email", message: "must be an email address.")])
        for contentType in ["application/problem+json", "Application/Problem+JSON; charset=utf-8"] {
            let api = Self.api(status: 422, headers: ["content-type": contentType], body: try Self.json(validation))
            let error = await #expect(throws: TransportError.self) {
                try await api.register(username: "ada", password: "correct horse", email: "nope")
            }
            #expect(error?.problem == validation)
            #expect(error?.retryAfter == nil)
            #expect(error?.isRetryable == false)
        }
        let html = Self.api(status: 502, headers: ["content-type": "text/html"], body: "<h1>Bad gateway</h1>")
        let gateway = await #expect(throws: TransportError.self) { try await html.me() }
        #expect(gateway == .http(status: 502, problem: nil, retryAfter: nil))
        let garbled = Self.api(status: 500, headers: ["content-type": Problem.mediaType], body: "{not json")
        let server = await #expect(throws: TransportError.self) { try await garbled.me() }
        #expect(server == .http(status: 500, problem: nil, retryAfter: nil))
    }

    @Test("a 2xx body that does not decode is a malformed response naming what was expected")
    func malformed() async throws {
        let wrongShape = Self.api(body: #"{"id":"not-a-uuid"}"#)
        let error = await #expect(throws: TransportError.self) { try await wrongShape.me() }
        guard case .malformedResponse(let detail)? = error else {
            Issue.record("expected malformedResponse, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("User"))
        let notJSON = Self.api(body: "<html>")
        let second = await #expect(throws: TransportError.self) { try await notJSON.posts() }
        #expect(second?.isRetryable == false)
        if case .malformedResponse = second {} else { Issue.record("expected malformedResponse, got \(String(describing: second))") }
    }

    @Test("query values and path segments are percent-encoded; absent ones are left out")
    func percentEncoding() async throws {
        let log = RequestLog()
        let api = Self.api(body: try Self.json(Page<Post>(items: [], nextCursor: nil)), log: log)
        let author = UUID()
        _ = try await api.posts(author: author, tag: "c++ & swift", search: "a b/c?d=e#f ü", limit: 5, cursor: "ab+/=")
        #expect(await log.last?.path == "/v1/posts?author=\(author.uuidString)&tag=c%2B%2B%20%26%20swift"
            + "&q=a%20b%2Fc%3Fd%3De%23f%20%C3%BC&limit=5&cursor=ab%2B%2F%3D")
        _ = try await api.posts()
        #expect(await log.last?.path == "/v1/posts")
        _ = try? await api.post(idOrSlug: "hello world/..")
        #expect(await log.last?.path == "/v1/posts/hello%20world%2F..")
        _ = try? await api.pull(cursor: "x=y", limit: 50)
        #expect(await log.last?.path == "/v1/sync/pull?cursor=x%3Dy&limit=50")
    }

    @Test("the bearer token is sent when set, and only then")
    func bearer() async throws {
        let log = RequestLog()
        let body = try Self.json(Self.user)
        _ = try await Self.api(body: body, token: "secret-token", log: log).me()
        #expect(await log.last?.headers.contains(HTTPHeader("Authorization", "Bearer secret-token")) == true)
        _ = try await Self.api(body: body, log: log).me()
        #expect(await log.last?.headers.contains { $0.name == "Authorization" } == false)
        let switched = Self.api(body: body, log: log).authenticated("other")
        _ = try await switched.me()
        #expect(await log.last?.headers.contains(HTTPHeader("Authorization", "Bearer other")) == true)
    }

    @Test("push sends JSON with the protocol version header; comment sends its idempotency key")
    func pushAndComment() async throws {
        let log = RequestLog()
        let pushAPI = Self.api(body: String(decoding: PushResponse(results: [], serverTime: Date()).encodedData(), as: UTF8.self), token: "t", log: log)
        let push = PushRequest(clientId: "laptop", mutations: [])
        _ = try await pushAPI.push(push)
        let sent = try #require(await log.last)
        #expect(sent.method == "POST" && sent.path == "/v1/sync/push")
        #expect(sent.headers.contains(HTTPHeader("Satchel-Protocol", "1")))
        #expect(sent.headers.contains(HTTPHeader("Content-Type", "application/json")))
        let decoded = try PushRequest.decode(try #require(sent.body))
        #expect(decoded.clientId == "laptop")

        let postId = UUID()
        let held = Comment(
            id: UUID(), postId: postId, parentId: nil, authorName: "Ada", authorUrl: nil, emailHash: "hash",
            authorEmail: nil, userId: nil, body: "Hello", status: .pending, createdAt: Date(), clientCreatedAt: nil)
        let commentAPI = Self.api(status: 202, body: try Self.json(held), log: log)
        let comment = try await commentAPI.comment(postId: postId, CreateCommentRequest(body: "Hello"), idempotencyKey: "k-1")
        #expect(comment.status == .pending, "202 is a success too")
        let commentRequest = try #require(await log.last)
        #expect(commentRequest.path == "/v1/posts/\(postId.uuidString)/comments")
        #expect(commentRequest.headers.contains(HTTPHeader("Idempotency-Key", "k-1")))
    }

    @Test("logout accepts an empty 204")
    func logout() async throws {
        let log = RequestLog()
        try await Self.api(status: 204, headers: [:], body: "", token: "t", log: log).logout()
        #expect(await log.last?.method == "DELETE")
        #expect(await log.last?.path == "/v1/tokens/current")
    }
}

extension TransportError {
    /// The HTTP status, for `.http` errors.
    var status: Int? {
        if case .http(let status, _, _) = self { return status }
        return nil
    }

    /// The problem document, for `.http` errors that carried one.
    var problem: Problem? {
        if case .http(_, let problem, _) = self { return problem }
        return nil
    }
}
