import Foundation

/// Whether a machine's live sync is connected, as its last live-sync loop recorded it.
public struct LiveSyncStatus: Sendable, Hashable, Codable {
    /// What the live-sync loop is doing.
    public enum State: String, Sendable, Hashable, Codable {
        /// A long-poll is held open by the server: changes arrive as they are made.
        case connected
        /// The server or a proxy does not hold requests: polling every interval instead.
        case polling
        /// The server cannot be reached: retrying with backoff.
        case offline
        /// The live-sync loop stopped.
        case stopped
    }

    /// The state.
    public var state: State
    /// When the loop last confirmed this state.
    public var updatedAt: Date
    /// How long the state stays believable without being confirmed again (a long-poll's wait plus slack).
    public var validFor: TimeInterval

    /// Creates a status.
    public init(state: State, updatedAt: Date, validFor: TimeInterval) {
        self.state = state
        self.updatedAt = updatedAt
        self.validFor = validFor
    }

    /// The state as seen at `now`: ``State/stopped`` once it has not been confirmed for too long (the
    /// process running the loop died, say).
    public func state(at now: Date) -> State {
        now.timeIntervalSince(updatedAt) <= validFor ? state : .stopped
    }
}
