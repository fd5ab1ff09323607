import Foundation
import SatchelShared

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
        sleep: { seconds in try await Task.sleep(for: .seconds(interval: seconds)) })
}
