import Foundation
import SatchelShared
import Testing
@testable import SatchelServer

/// Registration costs a bcrypt hash: new accounts are limited per address, and hashing runs in a few
/// slots so that a flood of them cannot starve the requests that need no hashing.
@Suite("Registration limits")
struct RegistrationLimitTests {
    static func registration(_ username: String) -> RegisterRequest {
        RegisterRequest(username: username, password: "correct horse", email: "\(username)@example.com")
    }

    @Test("one address registers at most 10 accounts an hour (429 with Retry-After); another address is not held back")
    func perAddress() async throws {
        try await LiveServer.run(registrationLimiter: RateLimiter(capacity: 10, per: 3_600, scope: "register")) { server in
            let port = try #require(server.client.port)
            for index in 0..<10 {
                let response = try await LoopbackHTTP.request(
                    port: port, "POST", "/v1/accounts", json: Self.registration("reader\(index)"))
                #expect(response.status == 201, "\(response.text)")
            }
            let refused = try await LoopbackHTTP.request(
                port: port, "POST", "/v1/accounts", json: Self.registration("reader10"))
            #expect(refused.status == 429 && refused.text.contains("/problems/rate-limited"), "\(refused.text)")
            #expect((Int(refused.headers["retry-after"] ?? "") ?? 0) >= 300, "one token per 6 minutes")
            #expect(try await server.dependencies.accounts.user(username: "reader10") == nil, "nothing was stored")
            let elsewhere = try await LoopbackHTTP.request(
                port: port, "POST", "/v1/accounts", json: Self.registration("reader11"), source: "127.0.0.2")
            #expect(elsewhere.status == 201)
        }
    }

    @Test("hashing slots: at most `slots` run at once, sign-ins go before registrations, a full line is refused")
    func slots() async throws {
        let slots = HashingSlots(slots: 1, signInQueueLimit: 1, registrationQueueLimit: 1)
        let order = LockedList()
        let gate = AsyncGate()
        async let first: Void = slots.run(.registration) {
            order.append("first")
            await gate.wait()
        }
        try await eventually("the first holds the slot") { order.items == ["first"] }
        async let registration: Void = slots.run(.registration) { order.append("registration") }
        async let signIn: Void = slots.run(.signIn) { order.append("sign-in") }
        try await Task.sleep(for: .milliseconds(100))
        await #expect(throws: HashingSlots.Busy.self, "the registration line holds one") {
            try await slots.run(.registration) { order.append("refused") }
        }
        gate.open()
        _ = try await (first, registration, signIn)
        #expect(order.items == ["first", "sign-in", "registration"])
    }

    @Test("a registration flood leaves /health and a signed-in read within 2× their normal p99")
    func flood() async throws {
        // bcrypt at cost 10 costs tens of milliseconds of one core per account: four clients registering
        // without pause would take both cores without the hashing slots.
        try await LiveServer.run(passwords: PasswordHasher(cost: 10)) { server in
            let port = try #require(server.client.port)
            let token = try await LiveReader.register("steady", port: port)
            func p99(_ path: String, token: String? = nil) async throws -> Double {
                var samples: [Double] = []
                for _ in 0..<150 {
                    let start = ContinuousClock.now
                    let response = try await LoopbackHTTP.request(port: port, "GET", path, token: token)
                    #expect(response.status == 200)
                    let elapsed = ContinuousClock.now - start
                    samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
                }
                return samples.sorted()[Int(Double(samples.count) * 0.99) - 1]
            }
            let quiet = (health: try await p99("/health"), read: try await p99("/v1/me", token: token))
            let flooding = ManagedFlag()
            let registered = LockedCounter()
            let flooders = (0..<4).map { client in
                Task {
                    var index = 0
                    while !flooding.isSet {
                        index += 1
                        let response = try await LoopbackHTTP.request(
                            port: port, "POST", "/v1/accounts", json: Self.registration("flood\(client)x\(index)"))
                        if response.status == 201 { registered.increment() }
                    }
                }
            }
            try await eventually("the flood is under way") { registered.value >= 4 }
            let loud = (health: try await p99("/health"), read: try await p99("/v1/me", token: token))
            flooding.set()
            for flooder in flooders { try await flooder.value }
            #expect(registered.value >= 4)
            print(String(
                format: "FLOOD registration: /health p99 %.2f ms quiet, %.2f ms flooded; GET /v1/me p99 %.2f ms quiet, "
                    + "%.2f ms flooded; %d accounts registered by 4 clients", quiet.health, loud.health, quiet.read,
                loud.read, registered.value))
            // A floor of 2 ms: below it a p99 on a shared 2-core machine is scheduling noise.
            #expect(loud.health <= max(2 * quiet.health, 2), "/health p99 \(loud.health) ms in the flood, \(quiet.health) ms quiet")
            #expect(loud.read <= max(2 * quiet.read, 2), "GET /v1/me p99 \(loud.read) ms in the flood, \(quiet.read) ms quiet")
        }
    }
}

/// Strings appended from several tasks.
final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func append(_ item: String) { lock.withLock { list.append(item) } }
    var items: [String] { lock.withLock { list } }
}

/// A count shared by several tasks.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// A flag set once, read by several tasks.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    func set() { lock.withLock { flag = true } }
    var isSet: Bool { lock.withLock { flag } }
}

/// Suspends its waiters until opened.
final class AsyncGate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        await withCheckedContinuation { continuation in
            let resume = lock.withLock {
                if isOpen { return true }
                waiters.append(continuation)
                return false
            }
            if resume { continuation.resume() }
        }
    }

    func open() {
        let waiting = lock.withLock {
            isOpen = true
            defer { waiters = [] }
            return waiters
        }
        for waiter in waiting { waiter.resume() }
    }
}
