import Synchronization

/// The upload sessions a request of this process is writing. A request of the same session waits (a
/// bounded time) for the one writing to end: a client resuming after a cut asks the offset, or sends its
/// next part, while the server may still be keeping the bytes of the cut request; then it sees the offset
/// those bytes reached rather than the one before. Past the wait a second `PATCH` is refused (a 409 telling
/// where the bytes end) rather than interleaved with the first.
final class UploadLocks: Sendable {
    private let busy = Mutex<Set<String>>([])

    /// Creates an empty set.
    init() {}

    /// Takes `key`; false when a request holds it.
    func take(_ key: String) -> Bool {
        busy.withLock { $0.insert(key).inserted }
    }

    /// Takes `key`, waiting up to `patience` for a request holding it to end; false if it still holds it.
    func take(_ key: String, waiting patience: Duration) async -> Bool {
        let deadline = ContinuousClock.now + patience
        while !take(key) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// Waits up to `patience` until no request holds `key` (without taking it).
    func waitUntilFree(_ key: String, waiting patience: Duration) async {
        if await take(key, waiting: patience) { release(key) }
    }

    /// How long a request waits for the session's writer: long enough for a cut request to keep its bytes.
    static let patience: Duration = .seconds(5)

    /// Gives `key` back.
    func release(_ key: String) {
        _ = busy.withLock { $0.remove(key) }
    }
}
