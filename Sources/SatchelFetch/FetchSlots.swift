import Foundation

/// At most `count` fetches at once; a task waiting for a slot can be cancelled.
final class FetchSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var available: Int
    private var nextID: UInt64 = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    /// Waiters cancelled before they queued.
    private var cancelled: Set<UInt64> = []

    init(count: Int) {
        available = max(1, count)
    }

    /// Waits for a free slot; throws `CancellationError` when the task is cancelled first.
    func acquire() async throws {
        let id = lock.withLock { () -> UInt64 in
            nextID += 1
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = lock.withLock { () -> Bool? in
                    if cancelled.remove(id) != nil { return false }
                    if available > 0 {
                        available -= 1
                        return true
                    }
                    waiters.append((id, continuation))
                    return nil
                }
                switch outcome {
                case true?: continuation.resume()
                case false?: continuation.resume(throwing: CancellationError())
                case nil: break
                }
            }
        } onCancel: {
            let waiter = lock.withLock { () -> CheckedContinuation<Void, any Error>? in
                if let index = waiters.firstIndex(where: { $0.id == id }) {
                    return waiters.remove(at: index).continuation
                }
                cancelled.insert(id)
                return nil
            }
            waiter?.resume(throwing: CancellationError())
        }
        // A slot taken after the cancellation mark was set but not consumed leaves the mark behind.
        lock.withLock { _ = cancelled.remove(id) }
    }

    /// Gives a slot back, to the longest waiter if there is one.
    func release() {
        let waiter = lock.withLock { () -> CheckedContinuation<Void, any Error>? in
            if waiters.isEmpty {
                available += 1
                return nil
            }
            return waiters.removeFirst().continuation
        }
        waiter?.resume()
    }
}
