import Synchronization

/// Tells listeners that something was written locally. Bursts coalesce: a listener that is busy
/// when several writes land sees one signal afterwards, not one per write.
final class LocalChangeSignal: Sendable {
    private struct Listeners {
        var next = 0
        var continuations: [Int: AsyncStream<Void>.Continuation] = [:]
    }

    private let listeners = Mutex(Listeners())

    /// Wakes every listener.
    func notify() {
        listeners.withLock { state in
            for continuation in state.continuations.values { continuation.yield() }
        }
    }

    /// A stream that yields after each local write (coalesced) until the listener stops iterating.
    func stream() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = listeners.withLock { state in
            defer { state.next += 1 }
            state.continuations[state.next] = continuation
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.listeners.withLock { $0.continuations.removeValue(forKey: id) }
        }
        return stream
    }
}
