import Foundation

/// Spaces requests to each host: at most one every `interval` by default, and further apart for a host
/// that answered 429 or 503 (the gap doubles each time, up to `maximumInterval`, and returns to normal
/// after a success). Many captures can run at once; none of them hammers one site.
public actor HostPacer {
    private let interval: Duration
    private let maximumInterval: Duration
    private let clock = ContinuousClock()
    private var nextSlot: [String: ContinuousClock.Instant] = [:]
    private var penalty: [String: Duration] = [:]

    /// A pacer allowing one request per host every `interval` (1 s by default).
    public init(interval: Duration = .seconds(1), maximumInterval: Duration = .seconds(300)) {
        self.interval = interval
        self.maximumInterval = maximumInterval
    }

    /// Waits for `host`'s next free slot and takes it. Throws `CancellationError` when cancelled while waiting.
    public func waitForTurn(_ host: String) async throws {
        let key = host.lowercased()
        let now = clock.now
        let slot = max(now, nextSlot[key] ?? now)
        nextSlot[key] = slot + (penalty[key] ?? interval)
        if slot > now { try await Task.sleep(until: slot, clock: clock) }
    }

    /// The host asked us to slow down (429, 503): its gap doubles, up to the maximum.
    public func slowDown(_ host: String) {
        let key = host.lowercased()
        let doubled = min((penalty[key] ?? interval) * 2, maximumInterval)
        penalty[key] = doubled
        nextSlot[key] = max(nextSlot[key] ?? clock.now, clock.now + doubled)
    }

    /// The host answered well: back to the normal gap.
    public func recovered(_ host: String) {
        penalty[host.lowercased()] = nil
    }
}
