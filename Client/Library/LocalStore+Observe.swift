import SatchelShared

extension LocalStore {
    /// The reading list with sync states, at once and again after every change, local or pulled.
    public func observeArticles() -> AsyncThrowingStream<[Synced<SavedArticle>], any Error> {
        observe(Self.articles)
    }

    /// The drafts with sync states, at once and again after every change.
    public func observeDrafts() -> AsyncThrowingStream<[Synced<Draft>], any Error> {
        observe(Self.drafts)
    }

    /// Comments written on this machine with delivery and moderation state, at once and after every change.
    public func observeQueuedComments() -> AsyncThrowingStream<[QueuedComment], any Error> {
        observe(Self.queuedComments)
    }

    /// Unresolved conflicts, oldest first, at once and after every change.
    public func observeConflicts() -> AsyncThrowingStream<[ConflictRecord], any Error> {
        observe(Self.openConflicts)
    }

    /// Pending changes, last sync, conflicts and dead letters, at once and after every change.
    public func observeStatus() -> AsyncThrowingStream<SyncStatus, any Error> {
        observe(Self.status)
    }

    /// Streams `fetch`'s result at once and again after every local write or synced page, skipping repeats.
    /// The stream ends when its consumer stops iterating.
    private func observe<Value: Sendable & Equatable>(_ fetch: @escaping @Sendable (LocalTables) throws -> Value)
        -> AsyncThrowingStream<Value, any Error>
    {
        let changes = self.changes.stream()
        let database = self.database
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var last = try await database.read(fetch)
                    continuation.yield(last)
                    for await _ in changes {
                        let value = try await database.read(fetch)
                        if value != last { continuation.yield(value) }
                        last = value
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
