import Foundation

/// The one fetcher for pages and images written by strangers.
///
/// Every connection is checked when curl opens its socket, against the address and port it is about to
/// connect to (see ``AddressPolicy``); redirects are followed here, hop by hop, each checked again; the
/// time limit covers the whole fetch and the body limit the decompressed bytes. Transfers run on threads
/// of their own, never on Swift's cooperative pool.
public final class GuardedFetcher: Sendable {
    private let policy: FetchPolicy
    private let slots: FetchSlots

    /// A fetcher running at most `maxConcurrent` transfers at once under `policy`.
    public init(policy: FetchPolicy = .standard, maxConcurrent: Int = 4) {
        self.policy = policy
        self.slots = FetchSlots(count: maxConcurrent)
    }

    /// Fetches the request's URL, following redirects; throws ``FetchError`` or `CancellationError`
    /// (a cancelled task stops its transfer at once).
    public func fetch(_ request: FetchRequest) async throws -> FetchResponse {
        try Task.checkCancellation()
        try await slots.acquire()
        defer { slots.release() }
        let job = FetchJob()
        let policy = policy
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<FetchResponse, any Error>) in
                let thread = Thread {
                    continuation.resume(with: FetchRun(policy: policy, request: request, job: job).run())
                }
                thread.name = "satchel-fetch"
                thread.start()
            }
        } onCancel: {
            job.cancel()
        }
    }
}
