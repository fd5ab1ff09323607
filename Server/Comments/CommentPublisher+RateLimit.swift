import Foundation
import SatchelHTTP

extension CommentPublisher {
    /// Spends one of the caller's new-comment allowance, or throws 429 with `Retry-After` when it is
    /// spent out. The API route and the blog's comment form both call this, so one limit covers both.
    func spendRateLimit(for key: String) async throws {
        if let wait = try await dependencies.commentRateLimiter.acquire(
            key, now: dependencies.clock(), store: dependencies.limits)
        {
            dependencies.metrics?.recordCommentRateLimited()
            throw APIError.tooManyRequests(retryAfter: wait)
        }
    }
}
