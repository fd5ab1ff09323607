import Foundation
import SatchelShared

/// When a failed capture is tried again by the capture queue: after 1, 4, 16, 64 and 256 minutes, then
/// no more on its own (`satchel capture --failed` or `capture ID` still retries at once).
public enum CaptureRetry {
    /// Automatic attempts before the queue leaves an article alone.
    public static let maximumAttempts = 5

    /// The wait after the `attempts`-th failed attempt.
    public static func delay(afterAttempts attempts: Int) -> TimeInterval {
        60 * pow(4, Double(max(0, min(attempts, maximumAttempts) - 1)))
    }
}

extension LocalStore {
    /// The page an import brought for `id`, used as the capture instead of fetching the page.
    public func providedPage(for id: UUID) throws -> [UInt8]? {
        try database.read { try $0.captureQueue.find(id).providedHTML }
    }

    /// Records a failed attempt: a failure worth retrying (the network, the site's refusal) is tried again
    /// after ``CaptureRetry/delay(afterAttempts:)``; one that is not (a refused address, no article) is not
    /// tried again on its own.
    public func scheduleRetry(of id: UUID, retryable: Bool) throws {
        let now = environment.now()
        try database.write { tables in
            let entry = try tables.captureQueue.find(id)
            let attempts = retryable ? entry.attempts + 1 : CaptureRetry.maximumAttempts
            let next = now.addingTimeInterval(CaptureRetry.delay(afterAttempts: attempts))
            try tables.captureQueue.recordFailure(id, attempts: attempts, nextAttemptAt: next.millis)
        }
    }

    /// Forgets the queue state of `id` (its capture succeeded).
    public func captureFinished(_ id: UUID) throws {
        try database.write { try $0.captureQueue.remove(id) }
    }

    /// Articles waiting for capture, oldest first: with `onlyDue`, only those whose next attempt has come
    /// and that have attempts left (the background queue); otherwise every pending or failed one.
    public func articlesWaitingForCapture(onlyDue: Bool) throws -> [SavedArticle] {
        let waiting = try articlesNeedingCapture()
        guard onlyDue else { return waiting }
        let now = environment.now().millis
        let schedules = try database.read { try $0.captureQueue.schedules() }
        return waiting.filter { article in
            guard let schedule = schedules[article.id.uuidString] else { return article.captureStatus == .pending }
            return schedule.attempts < CaptureRetry.maximumAttempts && schedule.nextAttemptAt <= now
        }
    }
}
