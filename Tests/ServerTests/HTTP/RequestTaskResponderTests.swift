import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing
@testable import SatchelHTTP

/// `RequestTaskResponder`: which task answers, and which requests count as a live client's wait.
@Suite("Request task responder")
struct RequestTaskResponderTests {
    static func request(_ method: HTTPRequest.Method, _ path: String) -> Request {
        Request(head: HTTPRequest(method: method, scheme: "http", authority: "x", path: path), body: .init(buffer: ByteBuffer()))
    }

    static func currentTask() -> Int { withUnsafeCurrentTask { $0?.hashValue } ?? 0 }

    @Test("a request is answered in a child task, a live client's wait in the caller's; the answer is passed on")
    func answeringTask() async throws {
        let answeredIn = Mutex<Int>(0)
        let base = CallbackResponder<Int> { _, context in
            answeredIn.withLock { $0 = Self.currentTask() }
            return Response(status: .init(code: 200 + context))
        }
        let responder = RequestTaskResponder(base: base, waitsInPlace: LiveWaitRequest.matches)
        let caller = Self.currentTask()

        let plain = try await responder.respond(to: Self.request(.get, "/v1/posts"), context: 1)
        #expect(plain.status.code == 201)
        #expect(answeredIn.withLock { $0 } != caller, "a child task answered")

        _ = try await responder.respond(to: Self.request(.get, "/v1/sync/pull?wait=30&cursor=x"), context: 0)
        #expect(answeredIn.withLock { $0 } == caller, "a waiting pull is answered in place")
    }

    @Test("an error of the answer reaches the caller")
    func errors() async throws {
        struct Refused: Error {}
        let responder = RequestTaskResponder(base: CallbackResponder<Int> { _, _ in throw Refused() })
        await #expect(throws: Refused.self) { try await responder.respond(to: Self.request(.get, "/"), context: 0) }
    }

    @Test("a live client's wait: a pull with wait, or the event stream; nothing else")
    func liveWaits() {
        #expect(LiveWaitRequest.matches(Self.request(.get, "/v1/sync/pull?cursor=a&wait=25")))
        #expect(LiveWaitRequest.matches(Self.request(.get, "/v1/sync/events")))
        #expect(!LiveWaitRequest.matches(Self.request(.get, "/v1/sync/pull?cursor=a")))
        #expect(!LiveWaitRequest.matches(Self.request(.get, "/v1/sync/pull?cursor=await=1")), "a parameter named wait, not text")
        #expect(!LiveWaitRequest.matches(Self.request(.post, "/v1/sync/pull?wait=25")))
        #expect(!LiveWaitRequest.matches(Self.request(.get, "/v1/sync/pushed?wait=25")))
    }
}
