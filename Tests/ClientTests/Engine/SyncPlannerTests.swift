import Foundation
import SatchelShared
import Testing
@testable import SatchelClient
import SatchelSync

/// The planner event by event: no network, no database.
@Suite("SyncPlanner")
struct SyncPlannerTests {
    @Test("pushes until the outbox is empty, then pulls until the feed has no more")
    func happyPath() {
        var planner = SyncPlanner()
        #expect(planner.start(pendingCount: 3) == .push)
        #expect(planner.pushed(remaining: 1) == .push)
        #expect(planner.pushed(remaining: 0) == .pull(fullResync: false))
        #expect(planner.pulled(hasMore: true) == .pull(fullResync: false))
        #expect(planner.pulled(hasMore: false) == .finish)
    }

    @Test("with nothing pending it starts by pulling")
    func pullOnly() {
        var planner = SyncPlanner()
        #expect(planner.start(pendingCount: 0) == .pull(fullResync: false))
    }

    @Test("network failures back off exponentially with jitter, then the same step is repeated")
    func backoff() {
        var planner = SyncPlanner(maxAttempts: 4, backoff: Backoff(initial: 1, maximum: 60))
        _ = planner.start(pendingCount: 1)
        #expect(planner.failed(.network("reset"), random: 1) == .wait(1))
        #expect(planner.failed(.network("reset"), random: 0) == .wait(1))
        #expect(planner.failed(.network("reset"), random: 1) == .wait(4))
        #expect(planner.resume() == .push)
        #expect(planner.failed(.network("reset"), random: 1) == .fail(.network("reset")), "gives up after maxAttempts")
    }

    @Test("Retry-After is honoured; a success resets the failure count")
    func retryAfter() {
        var planner = SyncPlanner()
        _ = planner.start(pendingCount: 1)
        #expect(planner.failed(.http(status: 429, problem: nil, retryAfter: 30), random: 0.5) == .wait(30))
        #expect(planner.failed(.http(status: 503, problem: nil, retryAfter: nil), random: 1) == .wait(1))
        _ = planner.pushed(remaining: 0)
        #expect(planner.failures == 0)
    }

    @Test("client errors are not retried")
    func clientErrors() {
        var planner = SyncPlanner()
        _ = planner.start(pendingCount: 1)
        let error = TransportError.http(status: 422, problem: nil, retryAfter: nil)
        #expect(planner.failed(error, random: 0) == .fail(error))
        #expect(planner.phase == .done)
    }

    @Test("a 410 while pulling switches to a full re-read")
    func gone() {
        var planner = SyncPlanner()
        _ = planner.start(pendingCount: 0)
        #expect(planner.failed(.http(status: 410, problem: nil, retryAfter: nil), random: 0) == .pull(fullResync: true))
        #expect(planner.pulled(hasMore: true) == .pull(fullResync: true))
        #expect(planner.pulled(hasMore: false) == .finish)
    }

    @Test("backoff delays stay within the cap and never below half the exponential step", arguments: 1...12)
    func backoffBounds(attempt: Int) {
        let backoff = Backoff(initial: 0.5, maximum: 60)
        for random in stride(from: 0.0, to: 1.0, by: 0.1) {
            let delay = backoff.delay(attempt: attempt, retryAfter: nil, random: random)
            let step = min(60, 0.5 * pow(2, Double(attempt - 1)))
            #expect(delay >= step / 2 && delay <= step)
        }
    }
}
