import Foundation
import GRDB
import Shared

/// Time, randomness and waiting, injected so that retries, backoff and simulations are deterministic.
public struct ClientEnvironment: Sendable {
    /// The current time.
    public var now: @Sendable () -> Date
    /// A random number in 0..<1.
    public var random: @Sendable () -> Double
    /// Waits this many seconds.
    public var sleep: @Sendable (TimeInterval) async throws -> Void

    /// Creates an environment.
    public init(
        now: @escaping @Sendable () -> Date, random: @escaping @Sendable () -> Double,
        sleep: @escaping @Sendable (TimeInterval) async throws -> Void
    ) {
        self.now = now
        self.random = random
        self.sleep = sleep
    }

    /// The real clock, system randomness and real sleeping.
    public static let live = ClientEnvironment(
        now: { Date() }, random: { Double.random(in: 0..<1) },
        sleep: { seconds in try await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) })
}

/// The client's hybrid logical clock, persisted in the database so it never runs backwards across restarts.
enum ClientClock {
    /// The next timestamp for a local write.
    static func tick(in db: Database, node: String, now: Date) throws -> HLCTimestamp {
        var clock = try load(db, node: node)
        let stamp = clock.now(physicalMillis: now.millis)
        try LocalDatabase.setMeta(db, "hlc", stamp.description)
        return stamp
    }

    /// Folds the server's time into the clock, so this machine's next writes order after what it has seen.
    static func receive(_ serverTime: Date, in db: Database, node: String, now: Date) throws {
        var clock = try load(db, node: node)
        let millis = serverTime.millis
        let stamp = clock.receive(
            HLCTimestamp(wallMillis: millis, counter: 0, node: "server"),
            physicalMillis: now.millis)
        try LocalDatabase.setMeta(db, "hlc", stamp.description)
    }

    private static func load(_ db: Database, node: String) throws -> HybridLogicalClock {
        if let text = try LocalDatabase.meta(db, "hlc"), let last = HLCTimestamp(string: text) {
            return HybridLogicalClock(node: node, last: last)
        }
        return HybridLogicalClock(node: node)
    }
}
