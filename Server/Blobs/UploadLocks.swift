import Synchronization

/// The upload sessions a request of this process is writing: a second `PATCH` of the same session at
/// once is refused (a 409 telling where the bytes end) rather than interleaved with the first.
final class UploadLocks: Sendable {
    private let busy = Mutex<Set<String>>([])

    /// Creates an empty set.
    init() {}

    /// Takes `key`; false when a request holds it.
    func take(_ key: String) -> Bool {
        busy.withLock { $0.insert(key).inserted }
    }

    /// Gives `key` back.
    func release(_ key: String) {
        _ = busy.withLock { $0.remove(key) }
    }
}
