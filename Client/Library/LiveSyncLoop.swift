import Foundation
import SatchelShared

/// What the live loop asks the sync loop to do.
enum LiveSyncRequest: Sendable {
    /// Sync, starting with this page that a long-poll after `cursor` brought.
    case pulled(PullResponse, after: String?)
    /// Sync (a fallback poll).
    case poll
}

/// Live mode's connection loop: keeps one long-poll pull open, asks for a sync when it returns with
/// changes and waits for that sync before polling again. When the server or a proxy answers long-polls
/// at once without changes, it falls back to polling every interval; when the server cannot be reached
/// it retries with exponential backoff and jitter. It records its state for ``LocalStore/liveSyncStatus()``.
///
/// The long-poll runs on the transport's own threads (libcurl's, for ``CurlTransport``); cancelling the
/// loop's task aborts it.
struct LiveSyncLoop: Sendable {
    let store: LocalStore
    let server: any SyncServer
    let configuration: BackgroundSync.LiveConfiguration
    let environment: ClientEnvironment

    /// Runs until cancelled. `request` asks for a sync and returns a ticket: the number of syncs started
    /// so far. `completions` yields, after each sync, the number that sync had when it started (counting
    /// from 1); any sync numbered above a request's ticket started after the request and so covers it
    /// (even when a queued poll took the request's place).
    func run(request: @Sendable (LiveSyncRequest) -> Int, completions: AsyncStream<Int>) async {
        var completed = completions.makeAsyncIterator()
        var failures = 0
        var answeredEarly = 0
        var stuck = 0
        var recorded: (state: LiveSyncStatus.State, at: Date)?
        func record(_ state: LiveSyncStatus.State) {
            let now = environment.now()
            // Written on a change of state, and often enough that a reader in another process trusts it.
            if let recorded, recorded.state == state,
               now.timeIntervalSince(recorded.at) < Double(configuration.waitSeconds) / 2 { return }
            recorded = (state, now)
            save(state, at: now)
        }
        defer { save(.stopped, at: environment.now()) }
        while !Task.isCancelled {
            let cursor = try? store.pullCursor()
            let started = environment.now()
            do {
                let page = try await server.pull(
                    cursor: cursor, limit: configuration.pageSize, wait: configuration.waitSeconds)
                failures = 0
                if !page.changes.isEmpty {
                    // Changes come back at once whether or not the server holds requests: the server is
                    // reachable, and still believed to hold unless empty answers came back early before.
                    record(answeredEarly < 2 ? .connected : .polling)
                    await waitForSync(after: request(.pulled(page, after: cursor)), in: &completed)
                    // A sync that failed leaves the cursor where it was; back off rather than spin.
                    stuck = (try? store.pullCursor()) == cursor ? stuck + 1 : 0
                    if stuck >= 1 { try await environment.sleep(backoff(after: stuck)) }
                    continue
                }
                let held = environment.now().timeIntervalSince(started) >= Double(configuration.waitSeconds) / 2
                answeredEarly = held ? 0 : answeredEarly + 1
                if answeredEarly < 2 {
                    record(.connected)
                    continue
                }
                // Not held twice in a row: the server or a proxy does not long-poll. Poll instead.
                record(.polling)
                try await environment.sleep(jittered(configuration.fallbackInterval))
                await waitForSync(after: request(.poll), in: &completed)
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                failures += 1
                record(.offline)
                try? await environment.sleep(delay(after: failures, error: error))
            }
        }
    }

    /// Waits for the end of a sync that started after `ticket` was handed out.
    private func waitForSync(after ticket: Int, in completed: inout AsyncStream<Int>.Iterator) async {
        while let started = await completed.next(), started <= ticket {}
    }

    /// The wait before retry `attempt`: doubling from `firstRetry` up to `fallbackInterval`, with full jitter.
    func backoff(after attempt: Int) -> TimeInterval {
        let cap = min(configuration.fallbackInterval, configuration.firstRetry * pow(2, Double(min(attempt - 1, 20))))
        return cap / 2 + environment.random() * cap / 2
    }

    /// The wait after failure number `attempt`: the backoff, but never less than the server's
    /// `Retry-After` (a server refusing another live client says when to come back), capped at 10 minutes.
    func delay(after attempt: Int, error: any Error) -> TimeInterval {
        let retryAfter = (error as? TransportError)?.retryAfter ?? 0
        return max(backoff(after: attempt), min(retryAfter, Self.longestRetryAfter))
    }

    /// The longest `Retry-After` the loop honours, in seconds.
    static let longestRetryAfter: TimeInterval = 600

    private func jittered(_ seconds: TimeInterval) -> TimeInterval {
        seconds * (0.8 + environment.random() * 0.4)
    }

    private func save(_ state: LiveSyncStatus.State, at now: Date) {
        let validFor = Double(configuration.waitSeconds) + configuration.fallbackInterval + 10
        try? store.recordLiveSync(LiveSyncStatus(state: state, updatedAt: now, validFor: validFor))
    }
}
