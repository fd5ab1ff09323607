import Synchronization

/// A one-way signal that some work has ended, which any number of tasks can await for a bounded time. Unlike
/// awaiting a task's value, a wait here ends when its time is up even if the work never ends: the way to stop
/// a service without letting a part that ignores cancellation hold the whole shutdown.
public final class EndSignal: Sendable {
    private struct State {
        var ended = false
        var nextId = 0
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
    }

    private let state = Mutex(State())

    /// A signal whose work has not ended yet.
    public init() {}

    /// Whether ``end()`` was called.
    public var hasEnded: Bool { state.withLock { $0.ended } }

    /// Marks the end and wakes every waiter with `true`.
    public func end() {
        let waiters = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.ended = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// Waits until the end (`true`) or until `limit` passes (`false`), whichever comes first. The wait does not
    /// end early when its own task is cancelled: `limit` bounds it.
    public func wait(upTo limit: Duration) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let id = state.withLock { state -> Int? in
                if state.ended { return nil }
                state.nextId += 1
                state.waiters[state.nextId] = continuation
                return state.nextId
            }
            guard let id else { return continuation.resume(returning: true) }
            Task {
                try? await Task.sleep(for: limit)
                let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.resume(returning: false)
            }
        }
    }
}
