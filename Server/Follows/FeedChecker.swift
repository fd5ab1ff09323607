import Foundation
import SatchelFeeds
import SatchelFetch
import SatchelPageCapture
import SatchelShared
import SatchelStores

/// Checks one leased feed: a conditional GET through the server's guarded fetcher, a parse when it changed,
/// the entries new to it delivered to its followers, then the check recorded with the feed's next time
/// (``FeedSchedule``) and its lease released.
struct FeedChecker {
    let dependencies: ServerDependencies
    let holder: String
    let pacer: HostPacer
    let statistics: FeedPollStatistics

    /// What the poller asks for: feeds first, HTML last (a page that advertises a feed is an error here).
    static let accept = "application/atom+xml,application/rss+xml,application/feed+json,application/rdf+xml;q=0.9,"
        + "application/xml;q=0.8,text/xml;q=0.8,application/json;q=0.7,*/*;q=0.5"

    func check(_ feed: PolledFeed) async {
        let now = dependencies.clock()
        statistics.record { $0.checks += 1 }
        let outcome: FeedSchedule.Outcome
        var record = FeedCheckRecord(feedId: feed.id, holder: holder, checkedAt: now, nextCheckAt: now, interval: feed.interval)
        let host = URL(string: feed.url)?.host ?? feed.url
        do {
            try await pacer.waitForTurn(host)
            let response = try await dependencies.captureFetcher.fetch(FetchRequest(
                url: feed.url, accept: Self.accept,
                conditional: ConditionalGET(etag: feed.etag, lastModified: feed.lastModified), returnsErrorStatuses: true))
            switch response.status {
            case 304:
                statistics.record { $0.notModified += 1 }
                await pacer.recovered(host)
                outcome = .notModified
            case 200..<300:
                await pacer.recovered(host)
                record.etag = response.headers["etag"]
                record.lastModified = response.headers["last-modified"]
                statistics.record { $0.parses += 1 }
                let parsed = try FeedParser.parse(response.body, url: response.finalURL, contentType: response.headers["content-type"])
                record.title = parsed.title.map { String($0.prefix(500)) } ?? ""
                let newCount = try await deliverNew(parsed, of: feed, now: now)
                record.newItems = newCount
                outcome = .read(newEntries: newCount, entryDates: parsed.entries.compactMap(\.date))
            default:
                if response.status == 429 || response.status == 503 { await pacer.slowDown(host) }
                record.error = "The feed answered HTTP \(response.status)."
                outcome = .failed(retryAfter: FeedSchedule.retryAfter(response.headers["retry-after"], now: now))
            }
        } catch is CancellationError {
            return  // shutting down: the lease expires and another process (or this one, restarted) takes it
        } catch let error as FeedError {
            record.error = "Not a feed: \(error.description)."
            outcome = .failed(retryAfter: nil)
        } catch let error as FetchError {
            record.error = "The feed could not be fetched: \(error.description)."
            outcome = .failed(retryAfter: nil)
        } catch {
            record.error = "The feed could not be checked."
            outcome = .failed(retryAfter: nil)
        }
        if record.error != nil { statistics.record { $0.failures += 1 } }
        let next = FeedSchedule.next(after: outcome, interval: feed.interval, failures: feed.failures)
        record.interval = next.interval
        record.failures = next.failures
        record.nextCheckAt = now.addingTimeInterval(next.delay)
        _ = try? await dependencies.feeds.recordCheck(record)
    }

    /// Delivers what is new in `parsed`: to each primed follow the entries new to the feed, to each follow not yet
    /// primed its latest few; then records the entries as seen. Returns how many entries were new to the feed.
    private func deliverNew(_ parsed: Feed, of feed: PolledFeed, now: Date) async throws -> Int {
        let keys = parsed.entries.map { $0.identityKeys(feedURL: feed.url) }
        let isNew = try await dependencies.feeds.newEntries(feedId: feed.id, entries: keys)
        let fresh = zip(parsed.entries, isNew).filter(\.1).map(\.0)
        let limit = dependencies.feedPolling.maxDeliveriesPerCheck
        for subscription in try await dependencies.feeds.subscribers(feedId: feed.id) {
            let chosen = subscription.primed
                ? Feed(format: parsed.format, entries: fresh).latest(limit)
                : parsed.latest(min(subscription.initialEntries, limit))
            let delivered = await FeedDelivery(dependencies: dependencies).deliver(Array(chosen.reversed()), to: subscription)
            statistics.record { $0.delivered += delivered }
            try await dependencies.feeds.recordDelivery(followId: subscription.followId, delivered: delivered)
        }
        try await dependencies.feeds.markSeen(feedId: feed.id, entries: keys, now: now)
        return fresh.count
    }
}
