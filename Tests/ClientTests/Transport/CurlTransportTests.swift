import Foundation
import Hummingbird
import SatchelServer
import SatchelShared
import Testing
@testable import SatchelClient

/// ``CurlTransport`` and ``SatchelAPI`` against a real Satchel server on a loopback port.
@Suite("CurlTransport against a live server")
struct CurlTransportTests {
    @Test("register, log in, read the profile and log out through SatchelAPI over libcurl")
    func accounts() async throws {
        try await TestServer.run { baseURL, _ in
            let api = SatchelAPI(transport: CurlTransport(baseURL: baseURL))
            let registered = try await api.register(username: "ada", password: "correct horse", email: "ada@example.com")
            #expect(registered.user.username == "ada")
            let token = try await api.login(username: "ada", password: "correct horse")
            let signedIn = api.authenticated(token.token)
            let me = try await signedIn.me()
            #expect(me.id == registered.user.id)
            #expect(me.email == "ada@example.com")
            try await signedIn.logout()
            let error = await #expect(throws: TransportError.self) { try await signedIn.me() }
            #expect(error?.status == 401, "a revoked token no longer works")
        }
    }

    @Test("404 and 422 answers become .http errors with the decoded problem document")
    func problems() async throws {
        try await TestServer.run { baseURL, _ in
            let api = SatchelAPI(transport: CurlTransport(baseURL: baseURL))
            let missing = await #expect(throws: TransportError.self) { try await api.post(idOrSlug: "no such post") }
            #expect(missing?.status == 404)
            #expect(missing?.problem?.type == "/problems/not-found")
            #expect(missing?.problem?.status == 404)
            #expect(missing?.isRetryable == false)

            let invalid = await #expect(throws: TransportError.self) {
                try await api.register(username: "x", password: "short", email: "not an email")
            }
            #expect(invalid?.status == 422)
            #expect(invalid?.problem?.type == "/problems/validation")
            let fields = Set(invalid?.problem?.errors?.map(\.field) ?? [])
            #expect(fields.isSuperset(of: ["username", "password", "email"]))
        }
    }

    @Test("sequential requests reuse one kept-alive connection")
    func keepAlive() async throws {
        try await TestServer.run { baseURL, _ in
            let transport = CurlTransport(baseURL: baseURL, configuration: .init(maxConnections: 1))
            for _ in 0..<50 {
                let response = try await transport.send(HTTPRequestSpec(method: "GET", path: "/health"))
                #expect(response.status == 200)
            }
            #expect(transport.connectionsOpened == 1)
        }
    }

    @Test("20 requests in parallel all succeed and the in-process server stays responsive")
    func concurrentRequests() async throws {
        try await TestServer.run { baseURL, _ in
            let transport = CurlTransport(baseURL: baseURL)
            let api = SatchelAPI(transport: transport)
            let token = try await api.register(username: "grace", password: "correct horse", email: "g@example.com").token
            let signedIn = api.authenticated(token)
            let names = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await signedIn.me().username } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(names == Array(repeating: "grace", count: 20))
            #expect(transport.connectionsOpened <= transport.configuration.maxConnections)
            let health = try await transport.send(HTTPRequestSpec(method: "GET", path: "/health"))
            #expect(health.status == 200)
        }
    }

    @Test("each response reports the bytes the exchange carried, headers included")
    func bytesOnWire() async throws {
        try await TestServer.run { baseURL, _ in
            let transport = CurlTransport(baseURL: baseURL)
            let body = Data(repeating: UInt8(ascii: "x"), count: 3_000)
            let small = try await transport.send(HTTPRequestSpec(method: "GET", path: "/health"))
            let large = try await transport.send(HTTPRequestSpec(method: "POST", path: "/v1/posts", body: body))
            #expect(small.bytesOnWire > small.body.count + 50, "status line and headers count too")
            #expect(small.bytesOnWire < 2_000)
            #expect(large.bytesOnWire > 3_000, "the uploaded body counts")
        }
    }

    @Test("a closed port fails fast with .network")
    func serverDown() async throws {
        let transport = CurlTransport(baseURL: "http://127.0.0.1:1")
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequestSpec(method: "GET", path: "/health"))
        }
        #expect(error == .network("Couldn't connect to server"), "refused, not timed out")
        #expect(error?.isRetryable == true)
    }

    @Test("gzip is offered and the body arrives decompressed")
    func gzip() async throws {
        try await TestServer.run(router: FixtureRoutes.router()) { baseURL in
            let response = try await CurlTransport(baseURL: baseURL).send(HTTPRequestSpec(method: "GET", path: "/gzip"))
            #expect(response.status == 200)
            #expect(response.headers["content-encoding"] == "gzip")
            #expect(String(decoding: response.body, as: UTF8.self) == FixtureRoutes.gzipText)
        }
    }

    @Test("methods, headers and bodies reach the server as sent; response headers come back lower-cased")
    func requestShape() async throws {
        try await TestServer.run(router: FixtureRoutes.router()) { baseURL in
            let transport = CurlTransport(baseURL: baseURL + "/")
            let big = String(repeating: "b", count: 2 << 20)
            let cases: [(String, String?)] = [
                ("GET", nil), ("POST", nil), ("POST", "{\"a\":1}"), ("PATCH", "patched"), ("PUT", big),
                ("DELETE", nil), ("POST", "nul\u{0}inside"),
            ]
            for (method, body) in cases {
                let response = try await transport.send(HTTPRequestSpec(
                    method: method, path: "/echo", headers: [HTTPHeader("X-Custom", "one two"), HTTPHeader("X-Empty", "")],
                    body: body.map { Data($0.utf8) }))
                #expect(response.status == 200)
                #expect(response.headers["x-mixed-case"] == "kept")
                let echo = try SatchelJSON.decoder().decode(EchoedRequest.self, from: response.body)
                #expect(echo.method == method)
                #expect(echo.body == (body ?? ""), "\(method)")
                #expect(echo.bodyLength == (body?.utf8.count ?? 0))
                #expect(echo.headers["x-custom"] == "one two")
                #expect(echo.headers["x-empty"] == "")
                #expect(echo.headers["user-agent"] == "satchel/1")
                #expect(echo.headers["expect"] == nil, "no 100-continue wait for large bodies")
                if ["POST", "PUT", "PATCH"].contains(method) {
                    #expect(echo.headers["content-length"] == String(body?.utf8.count ?? 0))
                }
            }
            let large = try await transport.send(HTTPRequestSpec(method: "GET", path: "/large"))
            #expect(large.body.count == 2_000_000)
        }
    }

    @Test("the total timeout ends a slow request with .network")
    func timeout() async throws {
        try await TestServer.run(router: FixtureRoutes.router()) { baseURL in
            let transport = CurlTransport(baseURL: baseURL, configuration: .init(totalTimeout: 0.5))
            let start = ContinuousClock.now
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(HTTPRequestSpec(method: "GET", path: "/slow"))
            }
            #expect(ContinuousClock.now - start < .seconds(60), "/slow answers after 120 s (the bound leaves room for a loaded machine)")
            #expect(error == .network("Timeout was reached"))
        }
    }

    @Test("cancelling the task aborts a running transfer")
    func cancellation() async throws {
        try await TestServer.run(router: FixtureRoutes.router()) { baseURL in
            // One worker: the next request can only run once the cancelled transfer has really stopped.
            let transport = CurlTransport(baseURL: baseURL, configuration: .init(maxConnections: 1))
            let start = ContinuousClock.now
            let task = Task { try await transport.send(HTTPRequestSpec(method: "GET", path: "/slow")) }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            let after = try await transport.send(HTTPRequestSpec(method: "GET", path: "/echo"))
            #expect(after.status == 200, "the transport keeps working")
            #expect(ContinuousClock.now - start < .seconds(60), "/slow would hold the only worker for 120 s (room left for a loaded machine)")
        }
    }

    @Test("a saved article pushed as a create mutation comes back from pull")
    func pushPull() async throws {
        try await TestServer.run { baseURL, _ in
            let anonymous = SatchelAPI(transport: CurlTransport(baseURL: baseURL))
            let token = try await anonymous.register(username: "reader", password: "correct horse", email: "r@example.com").token
            let api = anonymous.authenticated(token)
            let id = UUID()
            let wall = Int64(Date().timeIntervalSince1970 * 1000)
            let mutation = Mutation(
                entity: .savedArticle, recordId: id, op: .create,
                hlc: HLCTimestamp(wallMillis: wall, counter: 0, node: "laptop"),
                fields: [
                    "url": FieldChange(base: nil, value: .string("https://example.com/article")),
                    "title": FieldChange(base: nil, value: .string("An article")),
                ])
            let pushed = try await api.push(PushRequest(clientId: "laptop", mutations: [mutation]))
            #expect(pushed.results.map(\.id) == [mutation.id])
            #expect(pushed.results.first?.status == .applied)

            let pulled = try await api.pull()
            let change = try #require(pulled.changes.first { $0.recordId == id }).parsed()
            #expect(change.entity == .savedArticle)
            #expect(change.deleted == false)
            guard case .object(let fields) = change.record else {
                Issue.record("record is not an object: \(change.record)")
                return
            }
            #expect(fields["url"] == .string("https://example.com/article"))
            #expect(fields["title"] == .string("An article"))
            #expect(change.version == pushed.results.first?.version)

            let again = try await api.pull(cursor: pulled.cursor)
            #expect(again.changes.isEmpty)
            #expect(again.hasMore == false)
        }
    }
}
