import Synchronization
import SatchelStores

/// Shares version reads between concurrent requests without losing exactness. A request never joins a read
/// already in flight (it may have started before a write the request must see); it waits for the next read,
/// which starts after the current one ends, and every request that arrived meanwhile shares that one. Every
/// write acknowledged before a request arrived is therefore visible to the versions it gets, and under load
/// the round trips to the database fall by about the number of requests that arrive during one.
final class CoalescedVersionReads: VersionStore, Sendable {
    private typealias Waiter = CheckedContinuation<StoreVersions, any Error>

    private struct State {
        /// Whether a read is in flight.
        var reading = false
        /// The requests waiting for the read that starts after the one in flight.
        var next: [Waiter] = []
    }

    private let base: any VersionStore
    private let state = Mutex(State())

    /// Shares the reads of `base`.
    init(_ base: any VersionStore) {
        self.base = base
    }

    /// The versions as of a read that started after this call did.
    func versions() async throws -> StoreVersions {
        try await withCheckedThrowingContinuation { (waiter: Waiter) in
            let startsRead = state.withLock { state -> Bool in
                state.next.append(waiter)
                guard !state.reading else { return false }
                state.reading = true
                return true
            }
            if startsRead { Task { await self.readRounds() } }
        }
    }

    /// Reads for the waiting requests, one round after another, until a round ends with nobody waiting.
    private func readRounds() async {
        while true {
            let waiters = state.withLock { state -> [Waiter] in
                let taken = state.next
                state.next = []
                if taken.isEmpty { state.reading = false }
                return taken
            }
            if waiters.isEmpty { return }
            let result: Result<StoreVersions, any Error>
            do {
                result = .success(try await base.versions())
            } catch {
                result = .failure(error)
            }
            for waiter in waiters { waiter.resume(with: result) }
        }
    }
}
