import Foundation
import Testing
@testable import SatchelServer

/// The notifier's bookkeeping, event by event, without HTTP.
@Suite("Live feed notifier")
struct LiveFeedNotifierTests {
    @Test("a wake between registering and waiting is not lost; only the moved user's waiters wake")
    func wakeBeforeWait() async throws {
        let notifier = LiveFeedNotifier()
        let (reader, other) = (UUID(), UUID())
        let ticket = try #require(notifier.register(userId: reader))
        let bystander = try #require(notifier.register(userId: other))
        notifier.feedMoved(userId: reader)
        #expect(await notifier.wait(ticket, timeout: .seconds(60)) == .feedMoved)
        #expect(notifier.waitingCount == 1)
        #expect(await notifier.wait(bystander, timeout: .milliseconds(10)) == .timedOut)
        #expect(notifier.waitingCount == 0)
    }

    @Test("a waiting ticket wakes on its user's commit, and is then forgotten")
    func wakeWhileWaiting() async throws {
        let notifier = LiveFeedNotifier()
        let reader = UUID()
        let ticket = try #require(notifier.register(userId: reader))
        async let wake = notifier.wait(ticket, timeout: .seconds(60))
        // Whether it is already suspended or not yet, the wake reaches it.
        notifier.feedMoved(userId: reader)
        #expect(await wake == .feedMoved)
        #expect(notifier.waitingCount == 0)
        notifier.feedMoved(userId: reader)
    }

    @Test("released tickets leave nothing; capacity bounds the table; shutdown answers everyone and refuses more")
    func capacityAndShutdown() async throws {
        let notifier = LiveFeedNotifier(capacity: 2)
        let first = try #require(notifier.register(userId: UUID()))
        notifier.release(first)
        #expect(notifier.waitingCount == 0)
        let tickets = (0..<2).compactMap { _ in notifier.register(userId: UUID()) }
        #expect(tickets.count == 2 && notifier.register(userId: UUID()) == nil, "full at capacity")
        async let woken = withTaskGroup(of: LiveFeedWake.self) { group in
            for ticket in tickets { group.addTask { await notifier.wait(ticket, timeout: .seconds(60)) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        notifier.shutDown()
        #expect(await woken == [.shuttingDown, .shuttingDown])
        #expect(notifier.waitingCount == 0 && notifier.register(userId: UUID()) == nil)
    }

    @Test("a cancelled wait ends at once and leaves nothing behind")
    func cancellation() async throws {
        let notifier = LiveFeedNotifier()
        let ticket = try #require(notifier.register(userId: UUID()))
        let task = Task { await notifier.wait(ticket, timeout: .seconds(60)) }
        task.cancel()
        #expect(await task.value == .cancelled)
        #expect(notifier.waitingCount == 0)
    }
}
