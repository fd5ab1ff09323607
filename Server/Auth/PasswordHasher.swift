import Foundation
import HummingbirdBcrypt
import SatchelShared

/// bcrypt password hashing, run in a few slots on low-priority threads of its own: bcrypt is
/// deliberately slow and must neither stall the cooperative pool that serves requests nor take the
/// cores from it.
public struct PasswordHasher: Sendable {
    /// bcrypt cost factor (log2 rounds). 11 by default; tests use the minimum, 4.
    public let cost: UInt8
    /// A hash of no one's password at `cost`: a login for an unknown user is checked against it, so
    /// that it takes as long as one for a known user and the answer's timing does not tell them apart.
    private let dummyHash: String

    /// The slots bcrypt runs in: hashing never takes every core, and a full line is a 503.
    let slots: HashingSlots
    /// Whether each hash runs at the idle scheduling priority (the default); tests that share a busy
    /// machine with others turn it off so that a hash is not starved past their client's timeout.
    let runsAtIdlePriority: Bool

    /// Creates a hasher with a bcrypt cost; at most `slots` hashes run at once (one per core but one by
    /// default), with up to `signInQueueLimit` sign-ins and `registrationQueueLimit` registrations waiting.
    public init(
        cost: UInt8 = 11, slots: Int = max(1, ProcessInfo.processInfo.activeProcessorCount - 1),
        signInQueueLimit: Int = 32, registrationQueueLimit: Int = 8, runsAtIdlePriority: Bool = true
    ) {
        self.cost = cost
        self.runsAtIdlePriority = runsAtIdlePriority
        self.dummyHash = Bcrypt.hash("satchel: no such user", cost: cost)
        self.slots = HashingSlots(
            slots: slots, signInQueueLimit: signInQueueLimit, registrationQueueLimit: registrationQueueLimit)
    }

    /// Hashes a password with a fresh salt. bcrypt reads at most 72 bytes and stops at a NUL, so
    /// callers refuse passwords with a NUL or over 72 bytes before they get here. Throws
    /// ``HashingSlots/Busy`` when too many hashes wait already.
    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        let idle = runsAtIdlePriority
        return try await slots.run(.registration) {
            await BackgroundPriorityThread.run(idle: idle) { Bcrypt.hash(password, cost: cost) }
        }
    }

    /// Whether `password` matches a stored hash; `nil` (no such user) does the same work and answers false.
    /// Throws ``HashingSlots/Busy`` when too many sign-ins wait already.
    func verify(_ password: String, hash: String?) async throws -> Bool {
        let stored = hash ?? dummyHash
        let idle = runsAtIdlePriority
        let matches = try await slots.run(.signIn) {
            await BackgroundPriorityThread.run(idle: idle) { Bcrypt.verify(password, hash: stored) }
        }
        return matches && hash != nil && !TextRules.containsNUL(password)
    }
}
