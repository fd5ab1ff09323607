import Foundation
import SatchelShared
@testable import SatchelClient

/// An in-memory ``SyncServer`` for engine tests without a network: it applies every pushed mutation
/// (refusing those of records listed in `refused`), serves `feed` in pages of `pageSize` whatever limit
/// is asked, and answers 410 to a cursor listed in `expired`.
final class ScriptedSyncServer: SyncServer, @unchecked Sendable {
    private let lock = NSLock()
    private var state = State()
    let serverTime: Date

    private struct State {
        var feed: [SyncChange] = []
        var versions: [UUID: Int] = [:]
        var refused: [UUID: String] = [:]
        var expired: Set<String> = []
        var pushes: [PushRequest] = []
        var pulls: [String?] = []
        var pageSize = 2
    }

    init(serverTime: Date) { self.serverTime = serverTime }

    /// The pushes received, in order.
    var pushes: [PushRequest] { lock.withLock { state.pushes } }
    /// The cursors of the pulls received, in order.
    var pulls: [String?] { lock.withLock { state.pulls } }

    /// Replaces the feed a pull reads.
    func setFeed(_ feed: [SyncChange]) { lock.withLock { state.feed = feed } }
    /// Refuses every mutation of `recordId` with `reason`.
    func refuse(_ recordId: UUID, reason: String) { lock.withLock { state.refused[recordId] = reason } }
    /// Answers 410 to a pull after `cursor`.
    func expire(_ cursor: String) { lock.withLock { _ = state.expired.insert(cursor) } }

    func push(_ request: PushRequest) async throws -> PushResponse {
        let results = lock.withLock { () -> [MutationResult] in
            state.pushes.append(request)
            return request.mutations.map { mutation in
                if let reason = state.refused[mutation.recordId] {
                    return MutationResult(id: mutation.id, status: .rejected, version: nil, record: nil, reason: reason)
                }
                let version = state.versions[mutation.recordId, default: 0] + 1
                state.versions[mutation.recordId] = version
                return MutationResult(id: mutation.id, status: .applied, version: version, record: nil, deleted: mutation.op == .delete)
            }
        }
        return PushResponse(results: results, serverTime: serverTime)
    }

    func pull(cursor: String?, limit: Int, wait: Int) async throws -> PullResponse {
        try lock.withLock {
            state.pulls.append(cursor)
            if let cursor, state.expired.contains(cursor) {
                throw TransportError.http(status: 410, problem: nil, retryAfter: nil)
            }
            let start = cursor.flatMap(Int.init) ?? 0
            let end = min(start + min(limit, state.pageSize), state.feed.count)
            return PullResponse(changes: Array(state.feed[start..<end]), cursor: String(end), hasMore: end < state.feed.count)
        }
    }

    /// A saved article as the feed carries it.
    static func article(_ id: UUID, title: String, version: Int = 1) -> SyncChange {
        SyncChange(
            entity: .savedArticle, recordId: id, version: version, deleted: false,
            record: .object(["id": .string(id.uuidString), "url": .string("https://feed.test/\(title)"), "title": .string(title)]))
    }
}
