import Foundation
import Synchronization

/// What inner layers learn about a request that the outer request log needs: who signed in, which
/// problem was answered, and the internal error behind a 500. One per request, shared by reference
/// because Hummingbird passes contexts inward by value.
public final class RequestObservation: Sendable {
    private struct State {
        var userId: UUID?
        var problemType: String?
        var internalError: String?
    }

    private let state = Mutex(State())

    /// Creates an empty observation.
    public init() {}

    /// The signed-in user's id.
    public var userId: UUID? {
        get { state.withLock { $0.userId } }
        set { state.withLock { $0.userId = newValue } }
    }

    /// The `type` of the problem document the response carries.
    public var problemType: String? {
        get { state.withLock { $0.problemType } }
        set { state.withLock { $0.problemType = newValue } }
    }

    /// The description of an unexpected error, for the server's log only (never sent to the client).
    public var internalError: String? {
        get { state.withLock { $0.internalError } }
        set { state.withLock { $0.internalError = newValue } }
    }
}

/// A request context that carries a ``RequestObservation``.
public protocol ObservedRequestContext {
    /// The observation of the current request.
    var observation: RequestObservation { get }
}
