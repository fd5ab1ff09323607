import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
import SatchelTestSupport

/// Password guessing: throttled per account and per address, the same work for unknown users.
@Suite("Login throttling")
struct LoginThrottleTests {
    @Test("after 5 free attempts from one address each guess waits twice as long, from 60 s; even the right password")
    func growingDelays() async throws {
        let clock = ManualClock()
        try await LiveServer.run(clock: clock.function) { server in
            _ = try await server.register("alice")
            let wrong = LoginRequest(username: "alice", password: "wrong guess")
            for attempt in 1...5 {
                let response = try await server.send(.post, "/v1/tokens", json: wrong)
                #expect(response.status == .unauthorized, "free attempt \(attempt)")
            }
            var expectedWait = 60
            for _ in 1...5 {
                let throttled = try await server.send(.post, "/v1/tokens", json: wrong)
                #expect(throttled.status == .tooManyRequests)
                #expect(throttled.headers[.retryAfter] == String(expectedWait))
                #expect(try throttled.problem().type == "/problems/rate-limited")
                let right = try await server.send(
                    .post, "/v1/tokens", json: LoginRequest(username: "alice", password: "correct horse"))
                #expect(right.status == .tooManyRequests, "from the guessing address even the password waits")
                clock.advance(TimeInterval(expectedWait))
                #expect(try await server.send(.post, "/v1/tokens", json: wrong).status == .unauthorized)
                expectedWait = min(expectedWait * 2, 1_800)
            }
            clock.advance(TimeInterval(expectedWait))
            let right = try await server.send(.post, "/v1/tokens", json: LoginRequest(username: "alice", password: "correct horse"))
            #expect(right.status == .created)
            for _ in 1...5 {
                #expect(try await server.send(.post, "/v1/tokens", json: wrong).status == .unauthorized,
                        "a successful login clears the count of its account from its address")
            }
        }
    }

    @Test("a guesser gets at most 10 tries an hour at one account from one address, however it paces them")
    func tenAnHour() async throws {
        let clock = ManualClock()
        try await LiveServer.run(clock: clock.function) { server in
            _ = try await server.register("alice")
            let wrong = LoginRequest(username: "alice", password: "wrong guess")
            let start = clock.function()
            var tried: [TimeInterval] = []
            // Guess as fast as the throttle allows for three hours: at once, else after each Retry-After.
            while clock.function().timeIntervalSince(start) < 3 * 3_600 {
                let response = try await server.send(.post, "/v1/tokens", json: wrong)
                if response.status == .unauthorized {
                    tried.append(clock.function().timeIntervalSince(start))
                } else {
                    #expect(response.status == .tooManyRequests)
                    clock.advance(TimeInterval(Int(response.headers[.retryAfter] ?? "1") ?? 1))
                }
            }
            let mostInAnHour = tried.indices.map { index in tried[index...].prefix { $0 < tried[index] + 3_600 }.count }.max()
            #expect(mostInAnHour == 10, "guesses at \(tried)")
        }
    }

    @Test("an owner locked out by a guesser at another address still signs in; a known address passes a spread attack")
    func ownerStillSignsIn() async throws {
        let clock = ManualClock()
        try await LiveServer.run(clock: clock.function) { server in
            let port = try #require(server.client.port)
            _ = try await server.register("alice")
            let wrong = LoginRequest(username: "alice", password: "wrong guess")
            let right = LoginRequest(username: "alice", password: "correct horse")
            // The owner has signed in from her usual address before.
            #expect(try await LoopbackHTTP.request(port: port, "POST", "/v1/tokens", json: right).status == 201)
            // One guesser at 127.0.0.2 locks itself out, not her.
            for _ in 0..<30 {
                _ = try await LoopbackHTTP.request(port: port, "POST", "/v1/tokens", json: wrong, source: "127.0.0.2")
            }
            let guesser = try await LoopbackHTTP.request(port: port, "POST", "/v1/tokens", json: right, source: "127.0.0.2")
            #expect(guesser.status == 429, "the guessing address waits, even with the password")
            #expect(try await LoopbackHTTP.request(port: port, "POST", "/v1/tokens", json: right).status == 201)
            #expect(try await LoopbackHTTP.request(port: port, "POST", "/v1/tokens", json: right, source: "127.0.0.3").status == 201,
                    "one address's guesses do not lock the account for a new address either")
            // Guesses spread over many addresses empty the account's gentle bucket ...
            for host in 10..<40 {
                for _ in 0..<2 {
                    _ = try await LoopbackHTTP.request(port: port, "POST", "/v1/tokens", json: wrong, source: "127.0.0.\(host)")
                }
            }
            let stranger = try await LoopbackHTTP.request(port: port, "POST", "/v1/tokens", json: wrong, source: "127.0.0.50")
            #expect(stranger.status == 429)
            #expect((Int(stranger.headers["retry-after"] ?? "") ?? 999) <= 30, "the spread-attack slowdown is gentle")
            // ... but an address the owner signed in from passes it at once.
            #expect(try await LoopbackHTTP.request(port: port, "POST", "/v1/tokens", json: right).status == 201)
            #expect(try await LoopbackHTTP.request(port: port, "POST", "/v1/tokens", json: right, source: "127.0.0.3").status == 201)
        }
    }

    @Test("an unknown user is throttled exactly like a known one")
    func unknownUsers() async throws {
        let clock = ManualClock()
        try await LiveServer.run(clock: clock.function) { server in
            let guess = LoginRequest(username: "nobody", password: "wrong guess")
            for _ in 1...5 {
                let status = try await server.send(.post, "/v1/tokens", json: guess).status
                #expect(status == .unauthorized)
            }
            let throttled = try await server.send(.post, "/v1/tokens", json: guess).status
            #expect(throttled == .tooManyRequests)
        }
    }

    @Test("one address guessing many accounts is throttled too")
    func perAddress() async throws {
        let clock = ManualClock()
        let throttle = LoginThrottle(freeAttemptsPerAccount: 5, freeAttemptsPerAddress: 12)
        try await LiveServer.run(loginThrottle: throttle, clock: clock.function) { server in
            for index in 0..<12 {
                let response = try await server.send(
                    .post, "/v1/tokens", json: LoginRequest(username: "user\(index)", password: "wrong guess"))
                #expect(response.status == .unauthorized)
            }
            let next = try await server.send(.post, "/v1/tokens", json: LoginRequest(username: "fresh", password: "x"))
            #expect(next.status == .tooManyRequests)
            #expect(next.headers[.retryAfter] == "1")
        }
    }

    @Test("counts are forgotten after an hour without attempts")
    func forgetting() async throws {
        let clock = ManualClock()
        try await LiveServer.run(clock: clock.function) { server in
            let wrong = LoginRequest(username: "alice", password: "wrong guess")
            for _ in 1...5 { _ = try await server.send(.post, "/v1/tokens", json: wrong) }
            #expect(try await server.send(.post, "/v1/tokens", json: wrong).status == .tooManyRequests)
            clock.advance(3_601)
            for _ in 1...5 {
                let status = try await server.send(.post, "/v1/tokens", json: wrong).status
                #expect(status == .unauthorized)
            }
        }
    }

    @Test("a login for an unknown user takes as long as one for a known user")
    func sameWork() async throws {
        // bcrypt at cost 9 takes about a tenth of a second here; a lookup that skipped it would take a millisecond.
        // (Cost 11 held a core for seconds at normal priority and starved the suite's other live servers.)
        // Known and unknown attempts alternate, so a change in the machine's load affects both alike.
        let throttle = LoginThrottle(freeAttemptsPerAccount: 100, freeAttemptsPerAddress: 100)
        try await LiveServer.run(loginThrottle: throttle, passwords: PasswordHasher(cost: 9, runsAtIdlePriority: false)) { server in
            _ = try await server.register("alice")
            func seconds(_ username: String) async throws -> Double {
                let start = ContinuousClock.now
                let response = try await server.send(
                    .post, "/v1/tokens", json: LoginRequest(username: username, password: "wrong guess"))
                #expect(response.status == .unauthorized)
                let elapsed = ContinuousClock.now - start
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
            var known: [Double] = [], unknown: [Double] = []
            for _ in 0..<7 {
                known.append(try await seconds("alice"))
                unknown.append(try await seconds("nobody"))
            }
            let (knownMedian, unknownMedian) = (known.sorted()[3], unknown.sorted()[3])
            #expect(unknownMedian > knownMedian * 0.5, "unknown \(unknown) s vs known \(known) s")
            #expect(unknownMedian < knownMedian * 2, "unknown \(unknown) s vs known \(known) s")
        }
    }

    @Test("throttling is shared by server processes over one PostgreSQL database")
    func sharedAcrossProcesses() async throws {
        let configuration = try await PostgresTestDatabase.makeDatabase()
        let storeA = try await PostgresTestDatabase.makeStore(configuration)
        let storeB = try await PostgresTestDatabase.makeStore(configuration)
        let clock = ManualClock()
        try await LiveServer.run(clock: clock.function, store: storeA) { serverA in
            try await LiveServer.run(clock: clock.function, store: storeB) { serverB in
                _ = try await serverA.register("alice")
                let wrong = LoginRequest(username: "alice", password: "wrong guess")
                for attempt in 1...5 {
                    let server = attempt % 2 == 0 ? serverA : serverB
                    #expect(try await server.send(.post, "/v1/tokens", json: wrong).status == .unauthorized)
                }
                #expect(try await serverA.send(.post, "/v1/tokens", json: wrong).status == .tooManyRequests)
                #expect(try await serverB.send(.post, "/v1/tokens", json: wrong).status == .tooManyRequests)
            }
        }
    }

    @Test("the comment rate limit is shared by server processes over one PostgreSQL database")
    func commentLimitAcrossProcesses() async throws {
        let configuration = try await PostgresTestDatabase.makeDatabase()
        let storeA = try await PostgresTestDatabase.makeStore(configuration)
        let storeB = try await PostgresTestDatabase.makeStore(configuration)
        let limit = RateLimiter(capacity: 4, per: 60)
        let clock = ManualClock(Date())
        try await LiveServer.run(rateLimiter: limit, clock: clock.function, store: storeA) { serverA in
            try await LiveServer.run(rateLimiter: limit, clock: clock.function, store: storeB) { serverB in
                let (admin, _, _) = try await serverA.adminAndAuthor()
                let post = try await serverA.createPost(CreatePostRequest(title: "A post", body: "Body."), token: admin)
                var statuses: [Int] = []
                for index in 0..<6 {
                    let server = index % 2 == 0 ? serverA : serverB
                    let response = try await server.send(
                        .post, "/v1/posts/\(post.id)/comments",
                        json: CreateCommentRequest(authorName: "R", authorEmail: "r@example.com", body: "Comment \(index)"))
                    statuses.append(response.status.code)
                }
                #expect(statuses == [201, 201, 201, 201, 429, 429], "4 a minute in all, not 4 per process")
            }
        }
    }
}
