import Foundation

/// A transport that answers with a closure instead of a network, for tests of code above the transport.
///
/// ```swift
/// let transport = InMemoryTransport { request in
///     HTTPResponseData(status: 200, headers: ["content-type": "application/json"], body: Data("{}".utf8))
/// }
/// ```
public struct InMemoryTransport: HTTPTransport {
    /// The function that answers each request.
    public let handler: @Sendable (HTTPRequestSpec) async throws -> HTTPResponseData

    /// Creates a transport that answers every request with `handler`.
    public init(_ handler: @escaping @Sendable (HTTPRequestSpec) async throws -> HTTPResponseData) {
        self.handler = handler
    }

    /// Passes the request to the handler and returns its answer.
    public func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        try await handler(request)
    }
}
