import Foundation

/// A response kept so that a repeated `Idempotency-Key` gets it again.
public struct StoredResponse: Sendable, Hashable, Codable {
    /// HTTP status.
    public var status: Int
    /// Headers worth replaying (`Content-Type`, `Location`).
    public var headers: [String: String]
    /// The body bytes.
    public var body: Data

    /// Creates a stored response.
    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The state of an idempotency key when a request claims it.
public enum IdempotencyClaim: Sendable, Hashable {
    /// The key is new and now reserved for this request.
    case claimed
    /// Another request with this key is still running.
    case inProgress
    /// The key was used before with the same request: here is the first response.
    case completed(StoredResponse)
    /// The key was used before with a different request body or route.
    case mismatch
}

/// Remembers `Idempotency-Key`s and their first responses.
public protocol IdempotencyStore: Sendable {
    /// Claims `key` within `scope` for a request whose content hashes to `fingerprint`.
    func claim(scope: String, key: String, fingerprint: String, now: Date) async throws -> IdempotencyClaim
    /// Stores the response of a claimed key.
    func complete(scope: String, key: String, response: StoredResponse) async throws
    /// Releases a claimed key whose request failed, so it can be tried again.
    func release(scope: String, key: String) async throws
}
