import Foundation

/// Slows password guessing: login attempts are counted per account and per client address, and past a
/// number of free attempts each further one must wait twice as long as the one before (1 s, 2 s, 4 s …
/// up to 15 minutes), answered as 429 with `Retry-After`. A successful login clears its account's count;
/// counts are forgotten after an hour without attempts. Kept in a ``LimitStore``, so shared by every
/// server process.
///
/// An attempt is counted before the password is checked, so parallel guesses on many connections are
/// throttled as strictly as sequential ones.
public struct LoginThrottle: Sendable {
    /// Attempts allowed for one account before delays start.
    public var freeAttemptsPerAccount: Int
    /// Attempts allowed from one client address before delays start (it may try several accounts).
    public var freeAttemptsPerAddress: Int
    /// The longest delay between attempts.
    public var maximumDelay: TimeInterval
    /// Counts are forgotten after this long without an attempt.
    public var forgetAfter: TimeInterval

    /// Creates a throttle; every argument has a default.
    public init(
        freeAttemptsPerAccount: Int = 5, freeAttemptsPerAddress: Int = 50, maximumDelay: TimeInterval = 900,
        forgetAfter: TimeInterval = 3_600
    ) {
        self.freeAttemptsPerAccount = freeAttemptsPerAccount
        self.freeAttemptsPerAddress = freeAttemptsPerAddress
        self.maximumDelay = maximumDelay
        self.forgetAfter = forgetAfter
    }

    /// Counts one attempt to sign in as `username` from `address`; returns the whole seconds to wait
    /// when either is throttled (nothing is counted then), `nil` when the attempt may go ahead.
    public func admit(username: String, address: String, now: Date, store: any LimitStore) async throws -> Int? {
        let byAddress = try await store.updateCounter(Self.addressKey(address)) { counter in
            attempt(counter, freeAttempts: freeAttemptsPerAddress, now: now)
        }
        if let byAddress { return byAddress }
        return try await store.updateCounter(Self.accountKey(username)) { counter in
            attempt(counter, freeAttempts: freeAttemptsPerAccount, now: now)
        }
    }

    /// After a successful login: clears the account's count and takes this attempt off the address's,
    /// so that people signing in from one shared address do not slow each other down.
    public func succeeded(username: String, address: String, store: any LimitStore) async throws {
        try await store.updateCounter(Self.accountKey(username)) { _ in (nil, ()) }
        try await store.updateCounter(Self.addressKey(address)) { counter in
            guard var counter else { return (nil, ()) }
            counter.value = max(0, counter.value - 1)
            return (counter, ())
        }
    }

    /// The counter after one attempt at `now`, or the seconds to wait. Pure.
    func attempt(_ counter: LimitCounter?, freeAttempts: Int, now: Date) -> (LimitCounter?, Int?) {
        var attempts = 0.0
        if let counter, now.timeIntervalSince(counter.updatedAt) < forgetAfter {
            if now < counter.notBefore {
                return (counter, max(1, Int(counter.notBefore.timeIntervalSince(now).rounded(.up))))
            }
            attempts = counter.value
        }
        attempts += 1
        let notBefore = now.addingTimeInterval(delay(afterAttempts: Int(attempts), freeAttempts: freeAttempts))
        return (LimitCounter(value: attempts, updatedAt: now, notBefore: notBefore), nil)
    }

    /// The wait imposed after `attempts` attempts: none within the free ones, then 1 s doubling each time.
    func delay(afterAttempts attempts: Int, freeAttempts: Int) -> TimeInterval {
        let excess = attempts - freeAttempts
        guard excess >= 0 else { return 0 }
        return min(maximumDelay, pow(2, Double(min(excess, 30))))
    }

    static func accountKey(_ username: String) -> String { "login:account:\(username)" }
    static func addressKey(_ address: String) -> String { "login:address:\(address)" }
}
