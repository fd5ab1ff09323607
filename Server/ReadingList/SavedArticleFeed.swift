import Foundation
import SatchelFetch
import SatchelShared
import SatchelStores

/// A user's saved articles and highlights as their sync feed holds them (each record once, at its latest
/// version), read a page at a time: what the export and the capture's duplicate check read.
struct SavedArticleFeed {
    let dependencies: ServerDependencies

    /// Every saved article of `user` that is not deleted, oldest saved first.
    func articles(of user: User) async throws -> [SavedArticle] {
        var found: [SavedArticle] = []
        try await forEach(of: user) { found.append($0); return false }
        return found.sorted { $0.savedAt < $1.savedAt }
    }

    /// Every live highlight of `user`, in the order they were made.
    func highlights(of user: User) async throws -> [Highlight] {
        var found: [Highlight] = []
        try await forEachRecord(.highlight, of: user) { id, fields in
            found.append(Highlight(id: id, fields: fields, updatedAt: dependencies.clock(), deleted: false))
            return false
        }
        return found.sorted { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) }
    }

    /// The saved article of `user` holding the same page as `url` (as saved, or after its redirects).
    ///
    /// The common answer, "not saved" (a new entry of a followed feed, a new capture), comes from the server's
    /// ``SavedAddressIndex`` after reading only the changes since its last check; only a page already saved is
    /// looked for in the whole list.
    func article(matching url: String, of user: User) async throws -> SavedArticle? {
        guard let key = URLNormalizer.normalize(url) else { return nil }
        let sync = dependencies.sync
        let saved = try await dependencies.savedAddresses.contains(key, userId: user.id) { after in
            let feed: EncodedFeedPage
            do {
                feed = try await sync.pullEncoded(userId: user.id, after: after, limit: 1000)
            } catch SyncFeedError.cursorExpired {
                return nil
            }
            let page = try PullResponse.decode(
                PullResponse.encodedData(changes: feed.changes, cursor: "", hasMore: feed.hasMore))
            let changes = try page.changes.filter { $0.entity == .savedArticle }.map { try $0.parsed() }
            return (changes, feed.lastVersion, feed.hasMore)
        }
        guard saved else { return nil }
        var match: SavedArticle?
        try await forEach(of: user) { article in
            let saved = URLNormalizer.normalize(article.url)
            let final = article.finalUrl.isEmpty ? nil : URLNormalizer.normalize(article.finalUrl)
            guard saved == key || final == key else { return false }
            match = article
            return true
        }
        return match
    }

    /// Calls `visit` with each live saved article until it returns true.
    private func forEach(of user: User, _ visit: (SavedArticle) -> Bool) async throws {
        try await forEachRecord(.savedArticle, of: user) { id, fields in
            visit(SavedArticle(id: id, fields: fields, updatedAt: dependencies.clock(), deleted: false))
        }
    }

    /// Calls `visit` with the id and fields of each live record of `entity` until it returns true.
    private func forEachRecord(
        _ entity: SyncEntity, of user: User, _ visit: (UUID, [String: JSONValue]) -> Bool
    ) async throws {
        let service = SyncService(dependencies: dependencies)
        var cursor: String?
        while true {
            let page = try PullResponse.decode(try await service.pull(user: user, cursor: cursor, limit: 1000).body)
            for change in page.changes where change.entity == entity && !change.deleted {
                guard case .object(let fields)? = try? change.parsed().record else { continue }
                if visit(change.recordId, fields) { return }
            }
            guard page.hasMore else { return }
            cursor = page.cursor
        }
    }
}
