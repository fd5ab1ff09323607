import GRDB
import Synchronization

/// Moves this process's ``StoreVersions`` after every committed transaction that wrote content (posts,
/// tags, comments, users, media) or auth data (tokens deleted, users changed). It runs on the writer right
/// after the commit, before the write returns to its caller: a reader that starts after a write is
/// acknowledged sees the moved version, and one that read the old version can only cache what it read
/// under that old version.
final class SQLiteVersionObserver: TransactionObserver, Sendable {
    /// Names this process's counters (they start at zero with each process).
    let epoch = UInt64.random(in: 1...UInt64.max)
    private let content = Atomic<Int64>(0)
    private let auth = Atomic<Int64>(0)
    private let contentChanged = Atomic<Bool>(false)
    private let authChanged = Atomic<Bool>(false)

    private static let contentTables: Set<String> = ["posts", "post_tags", "comments", "users", "media", "media_variants"]

    /// The versions now.
    var versions: StoreVersions {
        StoreVersions(
            epoch: epoch, content: content.load(ordering: .acquiring), auth: auth.load(ordering: .acquiring))
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        switch eventKind {
        case .insert(let table): Self.contentTables.contains(table)
        case .update(let table, _): Self.contentTables.contains(table)
        case .delete(let table): Self.contentTables.contains(table) || table == "tokens"
        }
    }

    func databaseDidChange(with event: DatabaseEvent) {
        if Self.contentTables.contains(event.tableName) { contentChanged.store(true, ordering: .relaxed) }
        if event.tableName == "tokens" || (event.tableName == "users" && event.kind != .insert) {
            authChanged.store(true, ordering: .relaxed)
        }
    }

    func databaseDidCommit(_ db: Database) {
        if contentChanged.exchange(false, ordering: .relaxed) { content.wrappingAdd(1, ordering: .releasing) }
        if authChanged.exchange(false, ordering: .relaxed) { auth.wrappingAdd(1, ordering: .releasing) }
    }

    func databaseDidRollback(_ db: Database) {
        contentChanged.store(false, ordering: .relaxed)
        authChanged.store(false, ordering: .relaxed)
    }
}

extension SQLiteStore: VersionStore {
    /// This process's versions, from memory: every write to this database goes through this process.
    public func versions() async throws -> StoreVersions {
        versionObserver.versions
    }
}
