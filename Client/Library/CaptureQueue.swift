import Foundation
import SatchelPageCapture
import SatchelShared

/// Captures the articles waiting for it (an import's thousands, pages saved offline), politely: a few at
/// once, at most one request a second to each host (pages and images alike, through a ``PoliteFetcher``),
/// slower for a host that answers 429 or 503, and a failure worth retrying tried again later
/// (``CaptureRetry``). Hosts are interleaved so that the slots are not all waiting on one site.
public struct CaptureQueue: Sendable {
    /// One article's capture, as it ends.
    public struct Event: Sendable {
        /// The article as it now is.
        public var article: SavedArticle
        /// The failure, when the capture failed.
        public var failure: CaptureFailure?
        /// Images kept as links because they could not be fetched.
        public var failedImages: Int
        /// Captures ended so far in this run, this one included.
        public var done: Int
        /// Articles this run set out to capture.
        public var total: Int
    }

    private let store: LocalStore
    private let saver: ArticleSaver
    private let concurrency: Int

    /// A queue over `store`, fetching through `fetcher` paced by `pacer`, `concurrency` captures at once.
    public init(store: LocalStore, fetcher: any PageFetching, pacer: HostPacer = HostPacer(), concurrency: Int = 4) {
        self.store = store
        self.saver = ArticleSaver(store: store, capturer: PageCapturer(fetcher: PoliteFetcher(fetcher, pacer: pacer)))
        self.concurrency = max(1, concurrency)
    }

    /// Captures what waits: with `onlyDue` (the background), the articles whose next attempt has come;
    /// otherwise every pending or failed one (`satchel capture --failed`). Calls `ended` after each.
    /// Returns the events in the order they ended.
    @discardableResult
    public func run(onlyDue: Bool, ended: @Sendable (Event) -> Void = { _ in }) async throws -> [Event] {
        let waiting = Self.interleavedByHost(try store.articlesWaitingForCapture(onlyDue: onlyDue))
        var events: [Event] = []
        try await withThrowingTaskGroup(of: ArticleSaver.Outcome?.self) { group in
            var next = 0
            func startNext() {
                guard next < waiting.count else { return }
                let article = waiting[next]
                next += 1
                group.addTask { try await capture(article) }
            }
            for _ in 0..<concurrency { startNext() }
            while let outcome = try await group.next() {
                if let outcome {
                    let event = Event(
                        article: outcome.article, failure: outcome.failure, failedImages: outcome.failedImages,
                        done: events.count + 1, total: waiting.count)
                    events.append(event)
                    ended(event)
                }
                startNext()
            }
        }
        return events
    }

    /// One capture; nil when the article went away meanwhile (deleted on another machine, say).
    private func capture(_ article: SavedArticle) async throws -> ArticleSaver.Outcome? {
        let outcome: ArticleSaver.Outcome
        do {
            outcome = try await saver.capture(article.id)
        } catch LocalStoreError.notFound {
            try store.captureFinished(article.id)
            return nil
        }
        if let failure = outcome.failure {
            try store.scheduleRetry(of: article.id, retryable: failure.kind == .unreachable)
        }
        return outcome
    }

    /// The articles reordered round-robin by host (oldest first within a host), so that concurrent
    /// captures go to different sites while each site still gets one request at a time.
    static func interleavedByHost(_ articles: [SavedArticle]) -> [SavedArticle] {
        var queues: [String: [SavedArticle]] = [:]
        var order: [String] = []
        for article in articles {
            let host = URL(string: article.url)?.host?.lowercased() ?? ""
            if queues[host] == nil { order.append(host) }
            queues[host, default: []].append(article)
        }
        var result: [SavedArticle] = []
        result.reserveCapacity(articles.count)
        var round = 0
        while result.count < articles.count {
            for host in order where round < queues[host]!.count { result.append(queues[host]![round]) }
            round += 1
        }
        return result
    }
}
