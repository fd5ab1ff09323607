import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
import SatchelSync

/// One "machine" speaking the raw sync protocol to a live server: its own client id, clock and cursor.
final class SyncMachine: @unchecked Sendable {
    let server: LiveServer
    let token: String
    let clientId: String
    var clock: HybridLogicalClock
    var cursor: String?
    var wall = Int64(Date().timeIntervalSince1970 * 1000)

    init(_ server: LiveServer, token: String, name: String) {
        self.server = server
        self.token = token
        self.clientId = name
        self.clock = HybridLogicalClock(node: name)
    }

    /// The next timestamp on this machine's clock; `advance` moves its wall clock on (ms).
    func stamp(advance: Int64 = 1) -> HLCTimestamp {
        wall += advance
        return clock.now(physicalMillis: wall)
    }

    /// Pushes mutations and returns the results, checking the response is well-formed.
    @discardableResult
    func push(_ mutations: [Mutation]) async throws -> [MutationResult] {
        let response = try await server.send(
            .post, "/v1/sync/push", sync: PushRequest(clientId: clientId, mutations: mutations), token: token)
        #expect(response.status == .ok, "\(response.bodyText)")
        #expect(response.headers[.cacheControl] == "no-store" && response.headers[.eTag] == nil)
        let results = try response.decode(PushResponse.self).results
        #expect(results.map(\.id) == mutations.map(\.id), "one result per mutation, in order")
        return results
    }

    /// Pulls every page after the cursor and returns the changes.
    func pullAll() async throws -> [SyncChange] {
        var changes: [SyncChange] = []
        while true {
            let path = cursor.map { "/v1/sync/pull?limit=2&cursor=\($0)" } ?? "/v1/sync/pull?limit=2"
            let response = try await server.send(.get, path, token: token)
            #expect(response.status == .ok, "\(response.bodyText)")
            #expect(response.headers[.cacheControl] == "no-store" && response.headers[.eTag] == nil)
            let page = try response.decode(PullResponse.self)
            changes += try page.changes.map { try $0.parsed() }
            cursor = page.cursor
            if !page.hasMore { return changes }
        }
    }

    /// The latest state of every record this machine has pulled, keyed by record id.
    static func latest(_ changes: [SyncChange]) -> [UUID: SyncChange] {
        var latest: [UUID: SyncChange] = [:]
        for change in changes { latest[change.recordId] = change }
        return latest
    }
}

extension SyncChange {
    /// A field of the record.
    subscript(field: String) -> JSONValue? {
        guard case .object(let fields) = record else { return nil }
        return fields[field]
    }
}

extension MutationResult {
    /// A field of the returned record.
    subscript(field: String) -> JSONValue? {
        guard case .object(let fields)? = record else { return nil }
        return fields[field]
    }
}

/// Shorthand for a field change.
func change(_ base: JSONValue?, _ value: JSONValue) -> FieldChange { FieldChange(base: base, value: value) }
