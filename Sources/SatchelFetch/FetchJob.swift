import CCurl
import Foundation

/// The cancellation of one fetch: set from any thread, seen by the thread running curl, which the
/// cancellation wakes from its wait on the network at once.
final class FetchJob: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    /// The multi handle the worker waits in, while it does.
    private var multi: UnsafeMutableRawPointer?

    /// Whether the fetch was cancelled.
    var isCancelled: Bool { lock.withLock { cancelled } }

    /// Marks the fetch cancelled and wakes its worker.
    func cancel() {
        lock.withLock {
            cancelled = true
            if let multi { _ = curl_multi_wakeup(multi) }
        }
    }

    /// Lets `cancel` wake `handle` until ``detach()``.
    func attach(_ handle: UnsafeMutableRawPointer) {
        lock.withLock { multi = handle }
    }

    /// Called before the multi handle is cleaned up.
    func detach() {
        lock.withLock { multi = nil }
    }
}
