import Foundation
import SatchelSync

/// The next thing the sync engine should do.
public enum SyncAction: Sendable, Equatable {
    /// Push the next batch of the outbox.
    case push
    /// Pull the next page; `fullResync` pulls from the start to catch up after a 410.
    case pull(fullResync: Bool)
    /// Wait this long, then repeat the step that failed.
    case wait(TimeInterval)
    /// Done.
    case finish
    /// Give up with this error (not retryable, or out of attempts).
    case fail(TransportError)
}

/// The sync engine's decisions as a plain state machine: events in, actions out, no I/O.
///
/// A sync pushes the whole outbox first (so pulled pages rebase onto the freshest server state),
/// then pulls until the feed has no more pages. Retryable failures back off and repeat the same step;
/// a 410 (cursor past the tombstone horizon) switches to a full re-read.
public struct SyncPlanner: Sendable {
    /// The step in progress.
    public enum Phase: Sendable, Equatable {
        /// Pushing the outbox.
        case pushing
        /// Pulling the feed; `fullResync` when re-reading from the start.
        case pulling(fullResync: Bool)
        /// Finished or failed.
        case done
    }

    /// The step in progress.
    public private(set) var phase: Phase = .pushing
    /// Consecutive failures of the current step.
    public private(set) var failures = 0
    /// Most attempts of one step before giving up.
    public var maxAttempts: Int
    /// The backoff policy.
    public var backoff: Backoff

    /// Creates a planner.
    public init(maxAttempts: Int = 5, backoff: Backoff = Backoff()) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
    }

    /// The first action: push when the outbox has entries, else pull.
    public mutating func start(pendingCount: Int) -> SyncAction {
        phase = pendingCount > 0 ? .pushing : .pulling(fullResync: false)
        return action()
    }

    /// A push batch was answered; `remaining` entries are still in the outbox.
    public mutating func pushed(remaining: Int) -> SyncAction {
        failures = 0
        if remaining == 0 { phase = .pulling(fullResync: false) }
        return action()
    }

    /// A pull page was applied.
    public mutating func pulled(hasMore: Bool) -> SyncAction {
        failures = 0
        if !hasMore { phase = .done }
        return action()
    }

    /// A step failed. `random` is in 0..<1 (injected so tests are deterministic).
    public mutating func failed(_ error: TransportError, random: Double) -> SyncAction {
        if case .http(410, _, _) = error, case .pulling = phase {
            phase = .pulling(fullResync: true)
            failures = 0
            return action()
        }
        failures += 1
        guard error.isRetryable, failures < maxAttempts else {
            phase = .done
            return .fail(error)
        }
        return .wait(backoff.delay(attempt: failures, retryAfter: error.retryAfter, random: random))
    }

    /// The waiting is over: repeat the current step.
    public func resume() -> SyncAction { action() }

    private func action() -> SyncAction {
        switch phase {
        case .pushing: .push
        case .pulling(let full): .pull(fullResync: full)
        case .done: .finish
        }
    }
}
