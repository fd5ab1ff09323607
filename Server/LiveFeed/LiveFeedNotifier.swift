import Foundation
import NIOCore
import NIOPosix
import SatchelShared

/// Why a wait on a user's feed ended.
public enum LiveFeedWake: Sendable, Equatable {
    /// The user's feed moved (or, after a lost notification channel, may have moved): pull again.
    case feedMoved
    /// The wait's time ran out with nothing new.
    case timedOut
    /// The server is shutting down gracefully; answer now.
    case shuttingDown
    /// The client closed its connection; nobody is listening any more.
    case disconnected
    /// The waiting task was cancelled.
    case cancelled
}

/// One registered waiter, returned by ``LiveFeedNotifier/register(userId:)``.
public struct LiveFeedTicket: Sendable, Hashable {
    /// Whose feed it waits on.
    public let userId: UUID
    let id: UInt64
}

/// Wakes waiting long-poll pulls and event streams when a user's feed moves.
///
/// A waiter costs one small table entry, a suspended continuation and a timer on a NIO event loop:
/// no thread and no database connection. A waiter registers *before* it reads the feed and waits
/// after, so a commit landing between the read and the wait still wakes it. At most `capacity`
/// waiters are held at once; past that ``register(userId:)`` returns `nil` and the caller answers at once.
///
/// ```swift
/// let notifier = LiveFeedNotifier()
/// guard let ticket = notifier.register(userId: user.id) else { return page }
/// if page.isEmpty { _ = await notifier.wait(ticket, timeout: .seconds(30)) }
/// notifier.feedMoved(userId: user.id)   // after a commit to that user's feed
/// ```
///
/// `@unchecked Sendable`: every mutable field is guarded by `lock`.
public final class LiveFeedNotifier: @unchecked Sendable {
    private enum Entry {
        /// Registered but not yet waiting; holds the first wake that arrived meanwhile.
        case armed(LiveFeedWake?)
        /// Suspended, with the timer that ends the wait.
        case waiting(CheckedContinuation<LiveFeedWake, Never>, Scheduled<Void>)
    }

    /// Most waiters held at once. 10,000 by default.
    public let capacity: Int
    /// Admission of live clients: at most `perAccount` per account and `capacity` in all, newcomers
    /// refused rather than anyone evicted.
    public let clients: LiveClientSlots
    /// How often an event stream sends a heartbeat comment when nothing happens. 15 s by default.
    public let heartbeat: Duration
    private let eventLoops: any EventLoopGroup
    private let lock = NSLock()
    private var entries: [UUID: [UInt64: Entry]] = [:]
    private var count = 0
    private var nextId: UInt64 = 0
    private var isShutDown = false

    /// Creates a notifier; timers run on `eventLoops` (NIO's shared group by default). `capacity` bounds
    /// both the waiters and the live clients admitted; `perAccount` the live clients of one account.
    public init(
        capacity: Int = 10_000, perAccount: Int = 8, heartbeat: Duration = .seconds(15),
        eventLoops: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.capacity = capacity
        self.clients = LiveClientSlots(perAccount: perAccount, capacity: capacity)
        self.heartbeat = heartbeat
        self.eventLoops = eventLoops
    }

    /// Waiters registered right now (waiting pulls and open event streams): the "waiting live-sync clients" gauge.
    public var waitingCount: Int { lock.withLock { count } }

    /// Whether ``shutDown()`` was called; no new waits are taken after it.
    public var isShuttingDown: Bool { lock.withLock { isShutDown } }

    /// Registers a waiter on `userId`'s feed; `nil` when full or shutting down (the caller answers at once).
    public func register(userId: UUID) -> LiveFeedTicket? {
        lock.withLock {
            guard !isShutDown, count < capacity else { return nil }
            nextId &+= 1
            entries[userId, default: [:]][nextId] = .armed(nil)
            count += 1
            return LiveFeedTicket(userId: userId, id: nextId)
        }
    }

    /// Suspends until the ticket is woken or `timeout` passes, then forgets the ticket. Returns at once
    /// when a wake already arrived since ``register(userId:)``.
    public func wait(_ ticket: LiveFeedTicket, timeout: Duration) async -> LiveFeedWake {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<LiveFeedWake, Never>) in
                let early: LiveFeedWake? = lock.withLock {
                    guard case .armed(let woken)? = entries[ticket.userId]?[ticket.id] else { return .cancelled }
                    if let woken {
                        removeLocked(ticket)
                        return woken
                    }
                    let timer = eventLoops.any().scheduleTask(in: Self.timeAmount(timeout)) { [self] in
                        wake(ticket, .timedOut)
                    }
                    entries[ticket.userId]?[ticket.id] = .waiting(continuation, timer)
                    return nil
                }
                if let early { continuation.resume(returning: early) }
            }
        } onCancel: {
            wake(ticket, .cancelled)
        }
    }

    /// Forgets a ticket that will not wait (its page had changes, say).
    public func release(_ ticket: LiveFeedTicket) {
        let resume: (() -> Void)? = lock.withLock {
            if case .armed? = entries[ticket.userId]?[ticket.id] {
                removeLocked(ticket)
                return nil
            }
            return wakeLocked(ticket.userId, ticket.id, .cancelled)
        }
        resume?()
    }

    /// Ends one ticket's wait with `reason`; a ticket not yet waiting keeps the first reason it is given.
    public func wake(_ ticket: LiveFeedTicket, _ reason: LiveFeedWake) {
        let resume = lock.withLock { wakeLocked(ticket.userId, ticket.id, reason) }
        resume?()
    }

    /// Wakes every waiter on `userId`'s feed: call after each commit that moved it.
    public func feedMoved(userId: UUID) {
        let resumes = lock.withLock {
            let ids = entries[userId].map { Array($0.keys) } ?? []
            return ids.compactMap { wakeLocked(userId, $0, .feedMoved) }
        }
        for resume in resumes { resume() }
    }

    /// Wakes every waiter once, e.g. after the cross-process notification channel reconnected and a
    /// notification may have been lost; each re-reads its feed and waits again when nothing is new.
    public func wakeAll() {
        wakeEveryone(.feedMoved)
    }

    /// Answers every waiter now and takes no new ones: the server is shutting down.
    public func shutDown() {
        lock.withLock { isShutDown = true }
        clients.close()
        wakeEveryone(.shuttingDown)
    }

    private func wakeEveryone(_ reason: LiveFeedWake) {
        let resumes = lock.withLock {
            // A snapshot of the ids first: waking removes entries from the table being walked.
            let tickets = entries.flatMap { userId, tickets in tickets.keys.map { (userId, $0) } }
            return tickets.compactMap { wakeLocked($0.0, $0.1, reason) }
        }
        for resume in resumes { resume() }
    }

    /// With `lock` held: removes a waiting ticket and returns how to resume it (to run after unlocking);
    /// marks an armed one.
    private func wakeLocked(_ userId: UUID, _ id: UInt64, _ reason: LiveFeedWake) -> (() -> Void)? {
        switch entries[userId]?[id] {
        case .armed(nil)?:
            entries[userId]?[id] = .armed(reason)
            return nil
        case .waiting(let continuation, let timer)?:
            removeLocked(LiveFeedTicket(userId: userId, id: id))
            return {
                timer.cancel()
                continuation.resume(returning: reason)
            }
        case .armed?, nil:
            return nil
        }
    }

    private func removeLocked(_ ticket: LiveFeedTicket) {
        guard entries[ticket.userId]?.removeValue(forKey: ticket.id) != nil else { return }
        count -= 1
        if entries[ticket.userId]?.isEmpty == true { entries.removeValue(forKey: ticket.userId) }
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(max(0, duration.wholeNanoseconds))
    }
}
