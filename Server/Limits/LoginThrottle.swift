import Foundation
import SatchelStores

/// Slows password guessing without letting a guesser lock the owner out (the OWASP "per account and
/// source" scheme, as large identity providers run it). Three counters, all in a ``LimitStore`` so that
/// every server process shares them; each attempt is counted *before* the password is checked, so
/// parallel guesses on many connections are throttled as strictly as sequential ones:
///
/// 1. **One account from one address**: 5 free attempts, then 60 s, doubling, up to 30 minutes between
///    attempts: at most 10 guesses an hour at one account from one address. A success clears it.
/// 2. **One address, any accounts**: 50 free attempts, then 1 s doubling up to 15 minutes, against
///    one address spraying many accounts. A success takes its attempt back, so that people sharing an
///    address do not slow each other down.
/// 3. **One account, any address**: a gentle bucket of 20 attempts refilling one every 30 s, against
///    guesses spread over many addresses. An address the account signed in from in the last 30 days (a
///    known good client) passes it, so a guesser elsewhere never keeps the owner out.
///
/// A refused attempt is a 429 with `Retry-After`; nothing is counted then. Counts are forgotten after
/// an hour without attempts. The rule and its numbers are in docs/ARCHITECTURE.md.
public struct LoginThrottle: Sendable {
    /// Attempts at one account from one address before delays start. 5 by default.
    public var freeAttemptsPerAccount: Int
    /// The first delay once those are spent, doubling with each further attempt. 60 s by default.
    public var firstAccountDelay: TimeInterval
    /// The longest delay between attempts at one account from one address. 30 minutes by default.
    public var maximumAccountDelay: TimeInterval
    /// Attempts from one client address, at any accounts, before delays start. 50 by default.
    public var freeAttemptsPerAddress: Int
    /// The longest delay between attempts from one address. 15 minutes by default.
    public var maximumDelay: TimeInterval
    /// Attempts at one account from addresses it never signed in from, in a burst. 20 by default.
    public var accountBurst: Int
    /// Seconds for the account's bucket to regain one attempt. 30 by default.
    public var accountRefillSeconds: TimeInterval
    /// How long an address stays known after a successful sign-in from it. 30 days by default.
    public var knownAddressLifetime: TimeInterval
    /// Counts are forgotten after this long without an attempt. 1 hour by default.
    public var forgetAfter: TimeInterval

    /// Creates a throttle; every argument has a default.
    public init(
        freeAttemptsPerAccount: Int = 5, firstAccountDelay: TimeInterval = 60, maximumAccountDelay: TimeInterval = 1_800,
        freeAttemptsPerAddress: Int = 50, maximumDelay: TimeInterval = 900,
        accountBurst: Int = 20, accountRefillSeconds: TimeInterval = 30,
        knownAddressLifetime: TimeInterval = 30 * 86_400, forgetAfter: TimeInterval = 3_600
    ) {
        self.freeAttemptsPerAccount = freeAttemptsPerAccount
        self.firstAccountDelay = firstAccountDelay
        self.maximumAccountDelay = maximumAccountDelay
        self.freeAttemptsPerAddress = freeAttemptsPerAddress
        self.maximumDelay = maximumDelay
        self.accountBurst = accountBurst
        self.accountRefillSeconds = accountRefillSeconds
        self.knownAddressLifetime = knownAddressLifetime
        self.forgetAfter = forgetAfter
    }

    /// Counts one attempt to sign in as `username` from `address`; returns the whole seconds to wait
    /// when it is throttled, `nil` when the attempt may go ahead.
    public func admit(username: String, address: String, now: Date, store: any LimitStore) async throws -> Int? {
        // The narrowest counter first: an attempt it refuses is not counted against the address, so a
        // guesser's refused tries never slow down the others sharing its address.
        if let wait = try await store.updateCounter(Self.pairKey(username, address), { counter in
            attempt(
                counter, freeAttempts: freeAttemptsPerAccount, firstDelay: firstAccountDelay,
                maximumDelay: maximumAccountDelay, now: now)
        }) { return wait }
        if let wait = try await store.updateCounter(Self.addressKey(address), { counter in
            attempt(counter, freeAttempts: freeAttemptsPerAddress, firstDelay: 1, maximumDelay: maximumDelay, now: now)
        }) { return wait }
        let known = try await store.updateCounter(Self.knownKey(username, address)) { counter in
            (counter, counter.map { now < $0.notBefore } ?? false)
        }
        if known { return nil }
        let bucket = RateLimiter(capacity: accountBurst, per: accountRefillSeconds * Double(accountBurst))
        return try await store.updateCounter(Self.accountKey(username)) { counter in bucket.take(counter, now: now) }
    }

    /// After a successful sign-in: clears the count of this account from this address, takes this attempt
    /// off the address's count, and remembers the address as a known good client of the account.
    public func succeeded(username: String, address: String, now: Date, store: any LimitStore) async throws {
        try await store.updateCounter(Self.pairKey(username, address)) { _ in (nil, ()) }
        try await store.updateCounter(Self.addressKey(address)) { counter in
            guard var counter else { return (nil, ()) }
            counter.value = max(0, counter.value - 1)
            return (counter, ())
        }
        // `notBefore` in the future keeps the mark through the counter purge until it expires.
        let mark = LimitCounter(value: 1, updatedAt: now, notBefore: now.addingTimeInterval(knownAddressLifetime))
        try await store.updateCounter(Self.knownKey(username, address)) { _ in (mark, ()) }
    }

    /// The counter after one attempt at `now`, or the seconds to wait. Pure.
    func attempt(
        _ counter: LimitCounter?, freeAttempts: Int, firstDelay: TimeInterval, maximumDelay: TimeInterval, now: Date
    ) -> (LimitCounter?, Int?) {
        var attempts = 0.0
        if let counter, now.timeIntervalSince(counter.updatedAt) < forgetAfter {
            if now < counter.notBefore {
                return (counter, max(1, Int(counter.notBefore.timeIntervalSince(now).rounded(.up))))
            }
            attempts = counter.value
        }
        attempts += 1
        let wait = Self.delay(
            afterAttempts: Int(attempts), freeAttempts: freeAttempts, first: firstDelay, maximum: maximumDelay)
        return (LimitCounter(value: attempts, updatedAt: now, notBefore: now.addingTimeInterval(wait)), nil)
    }

    /// The wait imposed after `attempts` attempts: none within the free ones, then `first` doubling each
    /// time up to `maximum`.
    static func delay(afterAttempts attempts: Int, freeAttempts: Int, first: TimeInterval, maximum: TimeInterval)
        -> TimeInterval
    {
        let excess = attempts - freeAttempts
        guard excess >= 0 else { return 0 }
        return min(maximum, first * pow(2, Double(min(excess, 30))))
    }

    static func pairKey(_ username: String, _ address: String) -> String { "login:pair:\(username)|\(address)" }
    static func accountKey(_ username: String) -> String { "login:account:\(username)" }
    static func addressKey(_ address: String) -> String { "login:address:\(address)" }
    static func knownKey(_ username: String, _ address: String) -> String { "login:known:\(username)|\(address)" }
}
