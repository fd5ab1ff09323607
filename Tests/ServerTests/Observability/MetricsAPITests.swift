import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
import SatchelSync
@testable import SatchelStores
@testable import SatchelHTTP

/// `/metrics` over real HTTP: exact counts after a known run of requests and pushes.
@Suite("Metrics over HTTP")
struct MetricsAPITests {
    static let requests = "satchel_http_requests_total"

    func anonymous(_ body: String) -> CreateCommentRequest {
        CreateCommentRequest(authorName: "Reader", authorEmail: "reader@example.com", body: body)
    }

    @Test("after a known set of requests, /metrics reports exactly those counts")
    func httpCounts() async throws {
        try await ObservedServer.run(rateLimiter: RateLimiter(capacity: 2, per: 600)) { server in
            let live = server.live
            let (_, author, _) = try await live.adminAndAuthor()          // POST accounts ×2, PATCH users/{id}
            let post = try await live.createPost(CreatePostRequest(title: "P", body: "b"), token: author)
            for _ in 0..<3 { #expect(try await live.send(.get, "/v1/posts/\(post.id)").status == .ok) }
            for _ in 0..<2 { #expect(try await live.send(.get, "/v1/posts/\(UUID())").status == .notFound) }
            #expect(try await live.send(.get, "/no/such/path").status == .notFound)
            let comments = "/v1/posts/\(post.id)/comments"
            let key: HTTPFields = [IdempotentPOST.keyHeader: "comment-1"]
            #expect(try await live.send(.post, comments, json: anonymous("First!"), headers: key).status == .created)
            let replay = try await live.send(.post, comments, json: anonymous("First!"), headers: key)
            #expect(replay.status == .created && replay.headers[IdempotentPOST.replayedHeader] == "true")
            let held = anonymous("http://a.test http://b.test http://c.test")
            #expect(try await live.send(.post, comments, json: held).status == .accepted)
            #expect(try await live.send(.post, comments, json: anonymous("Too many")).status == .tooManyRequests)

            let metrics = try await server.scrape()
            let expected: [(route: String, method: String, status: String, count: Double)] = [
                ("/v1/accounts", "POST", "2xx", 2), ("/v1/users/{id}", "PATCH", "2xx", 1),
                ("/v1/posts", "POST", "2xx", 1), ("/v1/posts/{id}", "GET", "2xx", 3),
                ("/v1/posts/{id}", "GET", "4xx", 2), ("unmatched", "GET", "4xx", 1),
                ("/v1/posts/{id}/comments", "POST", "2xx", 3), ("/v1/posts/{id}/comments", "POST", "4xx", 1),
            ]
            for row in expected {
                let labels = ["route": row.route, "method": row.method, "status": row.status]
                #expect(metrics.value(Self.requests, labels) == row.count, "\(labels)")
            }
            #expect(metrics.series(Self.requests).count == expected.count, "no other series, scrapes not counted")
            #expect(metrics.value("satchel_http_request_duration_seconds_count",
                                  ["route": "/v1/posts/{id}", "method": "GET"]) == 5)
            #expect(metrics.types["satchel_http_request_duration_seconds"] == "histogram")
            #expect(metrics.value("satchel_idempotent_replays_total", ["route": "/v1/posts/{id}/comments"]) == 1)
            #expect(metrics.value("satchel_comments_total", ["outcome": "approved", "source": "http"]) == 1)
            #expect(metrics.value("satchel_comments_total", ["outcome": "pending", "source": "http"]) == 1)
            #expect(metrics.value("satchel_comment_rate_limited_total") == 1)
            #expect(metrics.value("satchel_store_operation_duration_seconds_count", ["operation": "createPost"]) == 1)
            #expect(metrics.value("satchel_build_info", ["version": ServerVersion.current]) == 1)
            #expect((metrics.value("satchel_process_resident_memory_bytes") ?? 0) > 1_000_000)
            #expect((metrics.value("satchel_process_open_fds") ?? 0) > 2)
            #expect((metrics.value("satchel_uptime_seconds") ?? -1) >= 0)
        }
    }

    @Test("after known pushes and a pull, /metrics counts each mutation outcome exactly")
    func syncCounts() async throws {
        try await ObservedServer.run { server in
            let live = server.live
            let (_, author, _) = try await live.adminAndAuthor()
            let post = try await live.createPost(CreatePostRequest(title: "P", body: "b"), token: author)
            let (_, token) = try await live.register("reader")
            let a = SyncMachine(live, token: token, name: "machine-a")
            let b = SyncMachine(live, token: token, name: "machine-b")
            func article(_ id: UUID) -> Mutation {
                Mutation(entity: .savedArticle, recordId: id, op: .create, hlc: a.stamp(), fields: [
                    "url": change(nil, .string("https://example.com/\(id)")), "title": change(nil, .string("T")),
                ])
            }
            func comment(on postId: UUID) -> Mutation {
                Mutation(entity: .comment, recordId: UUID(), op: .create, hlc: a.stamp(), fields: [
                    "postId": change(nil, .string(postId.uuidString)), "body": change(nil, .string("Queued offline")),
                ])
            }
            let first = try await a.push([article(UUID()), article(UUID()), comment(on: UUID())])
            #expect(first.map(\.status) == [.applied, .applied, .rejected])
            #expect(first[2].code == RejectionCode.commentClosed.rawValue, "a comment on a post that does not exist")
            #expect(try await a.push([comment(on: post.id)]).map(\.status) == [.applied])
            let draft = UUID()
            let base = "One.\n\nTwo.\n\nThree.\n"
            _ = try await a.push([Mutation(entity: .draft, recordId: draft, op: .create, hlc: a.stamp(), fields: [
                "kind": change(nil, .string("post")), "body": change(nil, .string(base)),
            ])])
            let pull = try await live.send(.get, "/v1/sync/pull", token: token)
            let served = try pull.decode(PullResponse.self).changes.map { try $0.parsed() }
            let version = try #require(SyncMachine.latest(served)[draft]).version
            func edit(_ machine: SyncMachine, from: String, to: String, at version: Int) -> Mutation {
                Mutation(entity: .draft, recordId: draft, op: .update, baseVersion: version, hlc: machine.stamp(),
                         fields: ["body": change(.string(from), .string(to))])
            }
            let editA = base.replacingOccurrences(of: "One.", with: "One, A.")
            let editB = base.replacingOccurrences(of: "Three.", with: "Three, B.")
            #expect(try await a.push([edit(a, from: base, to: editA, at: version)]).map(\.status) == [.applied])
            let merged = try await b.push([edit(b, from: base, to: editB, at: version)])
            #expect(merged.map(\.status) == [.merged])
            let both = try #require(merged[0]["body"]?.stringValue)
            let v2 = try #require(merged[0].version)
            let overA = both.replacingOccurrences(of: "Two.", with: "Two, A.")
            let overB = both.replacingOccurrences(of: "Two.", with: "Two, B.")
            #expect(try await a.push([edit(a, from: both, to: overA, at: v2)]).map(\.status) == [.applied])
            let conflicted = try await b.push([edit(b, from: both, to: overB, at: v2)])
            #expect(conflicted.map(\.status) == [.conflict])

            let metrics = try await server.scrape()
            #expect(metrics.value("satchel_sync_pushes_total") == 7)
            #expect(metrics.value("satchel_sync_mutations_total", ["outcome": "applied"]) == 6)
            #expect(metrics.value("satchel_sync_mutations_total", ["outcome": "merged"]) == 1)
            #expect(metrics.value("satchel_sync_mutations_total", ["outcome": "conflict"]) == 1)
            #expect(metrics.value("satchel_sync_mutations_total", ["outcome": "rejected"]) == 1)
            #expect(metrics.value("satchel_sync_rejections_total", ["cause": "comment-closed"]) == 1)
            #expect(metrics.samples.filter { $0.name == "satchel_sync_rejections_total" }.count == 1, "one cause seen")
            #expect(metrics.value("satchel_sync_conflict_records_total") == Double(conflicted[0].conflictIds.count))
            #expect(conflicted[0].conflictIds.count == 1)
            #expect(metrics.value("satchel_sync_pulls_total") == 1)
            #expect(metrics.value("satchel_sync_changes_served_total") == Double(served.count))
            #expect(served.count >= 4)
            #expect(metrics.value("satchel_comments_total", ["outcome": "approved", "source": "sync"]) == 1)
            #expect(metrics.value(Self.requests, ["route": "/v1/sync/push", "method": "POST", "status": "2xx"]) == 7)
            #expect(metrics.value(Self.requests, ["route": "/v1/sync/pull", "method": "GET", "status": "2xx"]) == 1)
            #expect(metrics.value("satchel_store_operation_duration_seconds_count", ["operation": "applyPush"]) == 7)
            #expect(metrics.value("satchel_store_operation_duration_seconds_count", ["operation": "pull"]) == 1)
        }
    }

    @Test("route labels are templates: hundreds of random paths add no series")
    func boundedCardinality() async throws {
        try await ObservedServer.run { server in
            var sent = 0
            for index in 0..<300 {
                let path = switch index % 3 {
                case 0: "/v1/posts/\(UUID())"
                case 1: "/v1/posts/\(UUID())/comments"
                default: "/random/\(UUID())/\(index)"
                }
                _ = try await server.live.send(index % 2 == 0 ? .get : HTTPRequest.Method("PURGE")!, path)
                sent += 1
            }
            let series = try await server.scrape().series(Self.requests)
            let routes = Set(series.map { $0.labels["route"] ?? "" })
            #expect(routes == ["/v1/posts/{id}", "/v1/posts/{id}/comments", "unmatched"])
            #expect(Set(series.map { $0.labels["method"] ?? "" }) == ["GET", "OTHER"])
            #expect(series.count <= 6)
            #expect(series.reduce(0) { $0 + $1.value } == Double(sent))
        }
    }

    @Test("/metrics on the public port needs the scrape token; a user's token does not do")
    func tokenGuard() async throws {
        try await ObservedServer.run { server in
            let (_, userToken) = try await server.live.register("someone")
            for header in [nil, "Bearer wrong-token", "Bearer \(userToken)", ObservedServer.scrapeToken] {
                var headers: HTTPFields = [:]
                if let header { headers[.authorization] = header }
                let response = try await server.live.send(.get, "/metrics", headers: headers)
                #expect(response.status == .unauthorized, "\(header ?? "no header")")
                #expect(try response.problem().type == "/problems/unauthorized")
                #expect(!response.bodyText.contains("satchel_"))
            }
            _ = try await server.scrape()
        }
    }

    @Test("without metrics configured there is no /metrics on the public port")
    func offByDefault() async throws {
        try await LiveServer.run { server in
            let response = try await server.send(.get, "/metrics")
            #expect(response.status == .notFound)
        }
    }

    @Test("with --metrics-port, /metrics is served on its own listener and not on the API port")
    func separatePort() async throws {
        let store = try await StoreKind.sqlite.makeStore()
        let metrics = ServerMetrics()
        let dependencies = ServerDependencies(store: store, metrics: metrics, passwords: PasswordHasher(cost: 4))
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = try await SatchelApplication.make(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, metrics: .port(host: "127.0.0.1", port: 0)),
            dependencies: dependencies,
            onMetricsServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) })
        try await app.test(.live) { client in
            let server = LiveServer(client: client, dependencies: dependencies)
            #expect(try await server.send(.get, "/health").status == .ok)
            #expect(try await server.send(.get, "/metrics").status == .notFound)
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let body = try await TestClient.withClient(host: "127.0.0.1", port: port) { metricsClient in
                let response = try await metricsClient.get("/metrics")
                #expect(response.head.status == .ok)
                return String(buffer: response.body ?? ByteBuffer())
            }
            let exposition = try Exposition(parsing: body)
            #expect(exposition.value(Self.requests, ["route": "/health", "method": "GET", "status": "2xx"]) == 1)
            #expect(exposition.value(Self.requests, ["route": "unmatched", "method": "GET", "status": "4xx"]) == 1)
        }
    }
}

/// The waiting live-sync clients gauge, read at each scrape from the notifier.
@Suite("Live-sync metrics")
struct LiveSyncMetricsTests {
    @Test("a held long-poll shows as one waiting client, and none once it is answered")
    func waitingClients() async throws {
        try await ObservedServer.run { server in
            let live = server.live
            let (_, token) = try await live.register("reader")
            #expect(try await server.scrape().value("satchel_live_sync_waiting_clients") == 0)
            // Its own connection: the test client sends its requests one after another on one connection.
            let port = try #require(live.client.port)
            let waiting = Task {
                try await LoopbackHTTP.request(port: port, "GET", "/v1/sync/pull?wait=30", token: token)
            }
            for _ in 0..<500 where live.dependencies.liveFeed.waitingCount == 0 {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(try await server.scrape().value("satchel_live_sync_waiting_clients") == 1)
            var clock = HybridLogicalClock(node: "laptop")
            let create = Mutation(
                entity: .savedArticle, recordId: UUID(), op: .create, hlc: clock.now(physicalMillis: 1_000),
                fields: ["url": FieldChange(base: nil, value: .string("https://example.com/a"))])
            let push = try await live.send(
                .post, "/v1/sync/push",
                raw: String(decoding: PushRequest(clientId: "laptop", mutations: [create]).encodedData(), as: UTF8.self),
                token: token)
            #expect(push.status == .ok)
            #expect(try await waiting.value.status == 200)
            #expect(try await server.scrape().value("satchel_live_sync_waiting_clients") == 0)
        }
    }
}
