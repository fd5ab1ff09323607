import Foundation

/// When to check a feed next: an interval fitted to how often it publishes, between 15 minutes and 24 hours,
/// longer after checks that find nothing new, backed off after errors, and never sooner than a `Retry-After`.
/// Pure: the poller hands in what a check found and stores what comes out.
public enum FeedSchedule {
    /// The shortest interval between two checks of a feed.
    public static let minimumInterval: TimeInterval = 15 * 60
    /// The longest interval between two checks of a feed that answers.
    public static let maximumInterval: TimeInterval = 24 * 3600
    /// The longest a `Retry-After` is honoured for (a week); past it, the feed is checked after a week anyway.
    public static let maximumRetryAfter: TimeInterval = 7 * 24 * 3600
    /// How much longer the interval grows after each check that finds nothing new.
    public static let growthWhenUnchanged = 1.25

    /// What one check of a feed found.
    public enum Outcome: Sendable, Equatable {
        /// The feed was read: `newEntries` it had not had before, and the dates of all its entries.
        case read(newEntries: Int, entryDates: [Date])
        /// `304 Not Modified`: nothing read, nothing new.
        case notModified
        /// The check failed (network, status, not a feed); `retryAfter` when the server said when to come back.
        case failed(retryAfter: TimeInterval?)
    }

    /// The schedule after a check.
    public struct Next: Sendable, Equatable {
        /// The feed's interval from now on (kept through errors).
        public var interval: TimeInterval
        /// How long until the next check.
        public var delay: TimeInterval
        /// Consecutive failed checks.
        public var failures: Int
    }

    /// The schedule after `outcome`, from the feed's `interval` and `failures` so far.
    public static func next(after outcome: Outcome, interval: TimeInterval, failures: Int) -> Next {
        let current = clamp(interval)
        switch outcome {
        case .read(let newEntries, let dates):
            var fitted = current
            if let publishing = publishingInterval(dates) {
                fitted = publishing
            } else if newEntries > 0 {
                fitted = current / 2
            }
            if newEntries == 0 { fitted = max(fitted, current * growthWhenUnchanged) }
            let result = clamp(fitted)
            return Next(interval: result, delay: result, failures: 0)
        case .notModified:
            let result = clamp(current * growthWhenUnchanged)
            return Next(interval: result, delay: result, failures: 0)
        case .failed(let retryAfter):
            let count = failures + 1
            // 15 min, 30 min, 1 h, 2 h … up to 24 h.
            var delay = min(maximumInterval, minimumInterval * pow(2, Double(min(count - 1, 16))))
            if let retryAfter, retryAfter > 0 { delay = max(delay, min(retryAfter, maximumRetryAfter)) }
            return Next(interval: current, delay: delay, failures: count)
        }
    }

    /// Half the median gap between the newest (up to 20) distinct entry dates, clamped: a feed that publishes
    /// every two hours is checked hourly, one that publishes daily every 12 hours. Nil with fewer than two dates.
    public static func publishingInterval(_ dates: [Date]) -> TimeInterval? {
        let newest = Array(Set(dates)).sorted(by: >).prefix(20)
        guard newest.count >= 2 else { return nil }
        var gaps: [TimeInterval] = []
        for index in 1..<newest.count { gaps.append(newest[newest.startIndex + index - 1].timeIntervalSince(newest[newest.startIndex + index])) }
        gaps.sort()
        let median = gaps[gaps.count / 2]
        return clamp(median / 2)
    }

    /// `interval` within 15 minutes and 24 hours.
    public static func clamp(_ interval: TimeInterval) -> TimeInterval {
        guard interval.isFinite else { return maximumInterval }
        return min(maximumInterval, max(minimumInterval, interval))
    }

    /// A `Retry-After` value (seconds, or an HTTP date) as seconds from `now`; nil when unreadable or past.
    public static func retryAfter(_ value: String?, now: Date) -> TimeInterval? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return seconds > 0 ? TimeInterval(seconds) : nil }
        guard let date = FeedDate.parse(value) else { return nil }
        let seconds = date.timeIntervalSince(now)
        return seconds > 0 ? seconds : nil
    }
}
