import Foundation
import SatchelShared
@testable import SatchelServer
@testable import SatchelStores

/// One page of a user's change feed, typed, for assertions.
struct SyncFeedPage: Sendable {
    /// Changes in feed order.
    var changes: [SyncChange]
    /// Whether more changes follow.
    var hasMore: Bool
}

extension SyncStore {
    /// The store's one pull (``SyncStore/pullEncoded(userId:after:limit:)``), read back through the wire
    /// decoder, so every conformance case checks the JSON that clients receive.
    func pull(userId: UUID, after: Int, limit: Int) async throws -> SyncFeedPage {
        let page = try await pullEncoded(userId: userId, after: after, limit: limit)
        let json = try JSONValue(parsing: Data("[".utf8 + page.changes + "]".utf8))
        guard case .array(let items) = json else { throw SyncWireError(path: "changes", message: "expected an array") }
        let changes = try items.map { try SyncChange(json: $0) }
        guard changes.count == page.changeCount, changes.last?.version == page.lastVersion else {
            throw SyncWireError(path: "changes", message: "the page's count or last version disagrees with its JSON")
        }
        return SyncFeedPage(changes: changes, hasMore: page.hasMore)
    }
}
