import Foundation
import SatchelShared
import Testing
@testable import SatchelServer

/// One reader's machine speaking the sync protocol to a server port over raw loopback sockets, so its
/// long-polls can wait while other requests go on.
struct LiveReader: Sendable {
    let port: Int
    let token: String
    let clientId: String

    /// Registers `username` on the server at `port` and returns its token.
    static func register(_ username: String, port: Int) async throws -> String {
        let response = try await LoopbackHTTP.request(
            port: port, "POST", "/v1/accounts",
            json: RegisterRequest(username: username, password: "correct horse", email: "\(username)@example.com"))
        #expect(response.status == 201, "\(response.text)")
        return try response.decode(RegisterResponse.self).token
    }

    /// The same reader on another machine (or through another server process).
    func machine(_ clientId: String, port: Int? = nil) -> LiveReader {
        LiveReader(port: port ?? self.port, token: token, clientId: clientId)
    }

    /// Saves `count` new articles in one push; returns their ids in order.
    @discardableResult
    func saveArticles(_ count: Int) async throws -> [UUID] {
        let ids = (0..<count).map { _ in UUID() }
        let stamp = HLCTimestamp(wallMillis: Int64(Date().timeIntervalSince1970 * 1000), counter: 0, node: clientId)
        let mutations = ids.map { id in
            Mutation(entity: .savedArticle, recordId: id, op: .create, hlc: stamp, fields: [
                "url": FieldChange(base: nil, value: .string("https://example.com/\(id)")),
                "title": FieldChange(base: nil, value: .string("Article \(id)")),
            ])
        }
        let response = try await LoopbackHTTP.request(
            port: port, "POST", "/v1/sync/push", token: token, sync: PushRequest(clientId: clientId, mutations: mutations))
        #expect(response.status == 200, "\(response.text)")
        let results = try response.decode(PushResponse.self).results
        #expect(results.allSatisfy { $0.status == .applied })
        return ids
    }

    /// The path of a pull after `cursor`, long-polling `wait` seconds when given.
    func pullPath(cursor: String?, wait: Double? = nil, limit: Int = 100) -> String {
        var query = ["limit=\(limit)"]
        if let cursor { query.append("cursor=\(cursor)") }
        if let wait { query.append("wait=\(wait)") }
        return "/v1/sync/pull?" + query.joined(separator: "&")
    }

    /// One pull (a long-poll when `wait` is given), checked to be a 200 page.
    func pull(cursor: String?, wait: Double? = nil, limit: Int = 100) async throws -> PullResponse {
        let response = try await LoopbackHTTP.request(
            port: port, "GET", pullPath(cursor: cursor, wait: wait, limit: limit), token: token)
        #expect(response.status == 200, "\(response.text)")
        return try response.decode(PullResponse.self)
    }

    /// Starts a long-poll on its own connection and returns the connection, to read or hang up later.
    func startLongPoll(cursor: String?, wait: Double) throws -> LoopbackHTTP {
        let connection = try LoopbackHTTP(port: port)
        try connection.send("GET", pullPath(cursor: cursor, wait: wait), token: token)
        return connection
    }
}

/// Waits (yielding, no clock) until `condition` holds; fails the test after many rounds.
func eventually(_ what: String, rounds: Int = 20_000, _ condition: () async throws -> Bool) async throws {
    for _ in 0..<rounds {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(1))
    }
    Issue.record("never happened: \(what)")
    throw CancellationError()
}
