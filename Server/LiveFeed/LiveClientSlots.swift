import Foundation
import Synchronization

/// Admission of live-sync clients (a waiting long-poll pull, an open event stream), so that no one
/// account can take live sync away from the others.
///
/// Each client holds one slot for its whole life. An account holds at most `perAccount` slots at once
/// (8 by default) and the process at most `capacity` (10,000 by default). A client past either limit is
/// refused at the door (429 for its account, 503 for the server) and told when to come back; clients
/// already admitted are never evicted to make room for a newcomer.
///
/// ```swift
/// switch notifier.clients.admit(userId: user.id) {
/// case .admitted(let slot): defer { withExtendedLifetime(slot) {} } …   // the slot frees itself when dropped
/// case .refused(let refusal): throw refusal.problem
/// }
/// ```
///
/// `@unchecked Sendable`: every mutable field is guarded by `lock`.
public final class LiveClientSlots: @unchecked Sendable {
    /// Why a client was refused.
    public enum Refusal: Sendable, Equatable {
        /// The account already holds its `perAccount` live clients.
        case accountFull(limit: Int)
        /// The process already holds `capacity` live clients.
        case serverFull
        /// The server is shutting down.
        case shuttingDown
    }

    /// The outcome of ``admit(userId:)``.
    public enum Admission: Sendable {
        /// Admitted: the slot is held until it is released or dropped.
        case admitted(LiveClientSlot)
        /// Refused; nothing is held.
        case refused(Refusal)
    }

    /// Most live clients of one account at once. 8 by default.
    public let perAccount: Int
    /// Most live clients of this process at once. 10,000 by default.
    public let capacity: Int
    /// What a refused client is told to wait before trying again, in seconds. 10 by default.
    public let retryAfterSeconds: Int
    private let lock = NSLock()
    private var byAccount: [UUID: Int] = [:]
    private var total = 0
    private var isClosed = false

    /// Creates the slots; every argument has a default.
    public init(perAccount: Int = 8, capacity: Int = 10_000, retryAfterSeconds: Int = 10) {
        self.perAccount = max(1, perAccount)
        self.capacity = max(1, capacity)
        self.retryAfterSeconds = max(1, retryAfterSeconds)
    }

    /// Live clients admitted right now.
    public var count: Int { lock.withLock { total } }

    /// Live clients of `userId` admitted right now.
    public func count(userId: UUID) -> Int { lock.withLock { byAccount[userId] ?? 0 } }

    /// Takes a slot for a live client of `userId`, or says why not.
    public func admit(userId: UUID) -> Admission {
        let refusal: Refusal? = lock.withLock {
            if isClosed { return .shuttingDown }
            let held = byAccount[userId] ?? 0
            if held >= perAccount { return .accountFull(limit: perAccount) }
            if total >= capacity { return .serverFull }
            byAccount[userId] = held + 1
            total += 1
            return nil
        }
        if let refusal { return .refused(refusal) }
        return .admitted(LiveClientSlot(userId: userId, slots: self))
    }

    /// Takes no more clients; those admitted keep their slots until they leave.
    func close() {
        lock.withLock { isClosed = true }
    }

    fileprivate func free(userId: UUID) {
        lock.withLock {
            guard let held = byAccount[userId] else { return }
            if held <= 1 { byAccount.removeValue(forKey: userId) } else { byAccount[userId] = held - 1 }
            total -= 1
        }
    }
}

/// One admitted live client's place. It is freed by ``release()`` or, at the latest, when the last
/// reference to it goes (a response whose body never ran, an error thrown on the way), so that no
/// path can leak a slot.
public final class LiveClientSlot: Sendable {
    /// Whose slot it is.
    public let userId: UUID
    private let slots: LiveClientSlots
    private let released = Mutex(false)

    fileprivate init(userId: UUID, slots: LiveClientSlots) {
        self.userId = userId
        self.slots = slots
    }

    /// Gives the slot back now; later calls do nothing.
    public func release() {
        let first = released.withLock { isReleased in
            defer { isReleased = true }
            return !isReleased
        }
        if first { slots.free(userId: userId) }
    }

    deinit {
        release()
    }
}
