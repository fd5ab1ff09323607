import Foundation
import Testing
@testable import SatchelFeeds

@Suite struct ScheduleTests {
    let hour: TimeInterval = 3600
    let start = Date(timeIntervalSince1970: 1_796_652_000)

    func dates(every gap: TimeInterval, count: Int) -> [Date] {
        (0..<count).map { start.addingTimeInterval(-Double($0) * gap) }
    }

    @Test func fittedToHowOftenAFeedPublishes() {
        #expect(FeedSchedule.publishingInterval(dates(every: 2 * hour, count: 10)) == hour)
        #expect(FeedSchedule.publishingInterval(dates(every: 24 * hour, count: 5)) == 12 * hour)
        // Bounds: a feed publishing every minute is still checked every 15 minutes; a yearly one daily.
        #expect(FeedSchedule.publishingInterval(dates(every: 60, count: 10)) == FeedSchedule.minimumInterval)
        #expect(FeedSchedule.publishingInterval(dates(every: 365 * 24 * hour, count: 3)) == FeedSchedule.maximumInterval)
        #expect(FeedSchedule.publishingInterval([start]) == nil)
        #expect(FeedSchedule.publishingInterval([start, start]) == nil)
    }

    @Test func newEntriesSetTheIntervalAndNothingNewStretchesIt() {
        let read = FeedSchedule.next(after: .read(newEntries: 3, entryDates: dates(every: 4 * hour, count: 6)), interval: 10 * hour, failures: 2)
        #expect(read == FeedSchedule.Next(interval: 2 * hour, delay: 2 * hour, failures: 0))
        let quiet = FeedSchedule.next(after: .notModified, interval: 2 * hour, failures: 0)
        #expect(quiet.interval == 2.5 * hour)
        var interval = FeedSchedule.minimumInterval
        for _ in 0..<100 { interval = FeedSchedule.next(after: .notModified, interval: interval, failures: 0).interval }
        #expect(interval == FeedSchedule.maximumInterval)
        let undated = FeedSchedule.next(after: .read(newEntries: 1, entryDates: []), interval: 4 * hour, failures: 0)
        #expect(undated.interval == 2 * hour)
        let stale = FeedSchedule.next(after: .read(newEntries: 0, entryDates: dates(every: hour, count: 5)), interval: 4 * hour, failures: 0)
        #expect(stale.interval == 5 * hour, "no new entries: never sooner than before")
    }

    @Test func errorsBackOffAndRetryAfterIsHonoured() {
        var failures = 0
        var delays: [TimeInterval] = []
        for _ in 0..<10 {
            let next = FeedSchedule.next(after: .failed(retryAfter: nil), interval: hour, failures: failures)
            #expect(next.interval == hour)
            failures = next.failures
            delays.append(next.delay)
        }
        #expect(delays.prefix(4) == [900, 1800, 3600, 7200])
        #expect(delays.last == FeedSchedule.maximumInterval)
        #expect(FeedSchedule.next(after: .failed(retryAfter: 5 * hour), interval: hour, failures: 0).delay == 5 * hour)
        #expect(FeedSchedule.next(after: .failed(retryAfter: 60), interval: hour, failures: 0).delay == 900)
        #expect(FeedSchedule.next(after: .failed(retryAfter: 30 * 24 * hour), interval: hour, failures: 0).delay
            == FeedSchedule.maximumRetryAfter)
    }

    @Test func retryAfterValues() {
        #expect(FeedSchedule.retryAfter("120", now: start) == 120)
        #expect(FeedSchedule.retryAfter("Mon, 07 Dec 2026 15:00:00 GMT", now: start) == hour)
        #expect(FeedSchedule.retryAfter("Mon, 07 Dec 2026 13:00:00 GMT", now: start) == nil)
        #expect(FeedSchedule.retryAfter("soon", now: start) == nil)
        #expect(FeedSchedule.retryAfter("-5", now: start) == nil)
        #expect(FeedSchedule.retryAfter(nil, now: start) == nil)
    }
}
