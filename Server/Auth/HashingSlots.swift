import Foundation
import SatchelHTTP

/// A few slots for bcrypt work, so that password hashing can never take every core from the requests
/// that need none: at most `slots` hashes run at once, others wait in line, sign-ins ahead of
/// registrations, and a line that is full is refused at once (a 503 with `Retry-After`) instead of
/// growing without bound.
///
/// `@unchecked Sendable`: every mutable field is guarded by `lock`.
final class HashingSlots: @unchecked Sendable {
    /// Who waits for a slot; sign-ins go first, so a registration flood cannot keep owners out.
    enum Priority: Sendable {
        /// Checking a password to sign in.
        case signIn
        /// Hashing a new account's password.
        case registration
    }

    /// Thrown when the line for a slot is full: a 503 with `Retry-After`.
    struct Busy: ProblemConvertible, Sendable {
        /// Seconds after which trying again is sensible.
        let retryAfterSeconds: Int

        /// `503 /problems/busy`.
        var problem: APIError {
            APIError(
                .serviceUnavailable, type: "/problems/busy", title: "Busy",
                detail: "The server is checking too many passwords right now; try again in \(retryAfterSeconds) seconds.",
                headers: [.retryAfter: String(retryAfterSeconds)])
        }
    }

    /// Hashes that may run at once.
    let slots: Int
    /// Sign-ins that may wait for a slot.
    let signInQueueLimit: Int
    /// Registrations that may wait for a slot.
    let registrationQueueLimit: Int
    private let lock = NSLock()
    private var running = 0
    private var signIns: [CheckedContinuation<Void, Never>] = []
    private var registrations: [CheckedContinuation<Void, Never>] = []

    /// Creates the slots: by default one per core but one (at least one), 32 sign-ins and 8 registrations in line.
    init(
        slots: Int = max(1, ProcessInfo.processInfo.activeProcessorCount - 1), signInQueueLimit: Int = 32,
        registrationQueueLimit: Int = 8
    ) {
        self.slots = max(1, slots)
        self.signInQueueLimit = max(0, signInQueueLimit)
        self.registrationQueueLimit = max(0, registrationQueueLimit)
    }

    /// Runs `work` in a slot, waiting in line for one; throws ``Busy`` when the line is full.
    func run<Result: Sendable>(_ priority: Priority, _ work: () async throws -> Result) async throws -> Result {
        try await acquire(priority)
        defer { release() }
        return try await work()
    }

    private func acquire(_ priority: Priority) async throws {
        enum Decision { case run, wait, refuse }
        let decision: Decision = lock.withLock {
            if running < slots {
                running += 1
                return .run
            }
            switch priority {
            case .signIn: return signIns.count < signInQueueLimit ? .wait : .refuse
            case .registration: return registrations.count < registrationQueueLimit ? .wait : .refuse
            }
        }
        switch decision {
        case .run:
            return
        case .refuse:
            throw Busy(retryAfterSeconds: 2)
        case .wait:
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let startNow: Bool = lock.withLock {
                    // A slot may have come free between the decision and now.
                    if running < slots {
                        running += 1
                        return true
                    }
                    switch priority {
                    case .signIn: signIns.append(continuation)
                    case .registration: registrations.append(continuation)
                    }
                    return false
                }
                if startNow { continuation.resume() }
            }
        }
    }

    /// Hands the slot to the next in line (a sign-in first), or frees it.
    private func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if !signIns.isEmpty { return signIns.removeFirst() }
            if !registrations.isEmpty { return registrations.removeFirst() }
            running -= 1
            return nil
        }
        next?.resume()
    }
}
