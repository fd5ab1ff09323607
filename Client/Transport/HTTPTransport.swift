import Foundation
import SatchelShared

/// One HTTP request as the client sends it.
public struct HTTPRequestSpec: Sendable, Hashable {
    /// `GET`, `POST`, `PATCH`, `DELETE`.
    public var method: String
    /// Path and query, e.g. `/v1/sync/pull?cursor=abc`.
    public var path: String
    /// Header fields, in order.
    public var headers: [HTTPHeader]
    /// Body bytes, if any.
    public var body: Data?
    /// A body read from a file as it is sent, never whole in memory (instead of `body`).
    public var bodyFile: FileSlice?
    /// A file that a 2xx response's body is appended to as it arrives, instead of being kept in memory
    /// (any other response's body stays in ``HTTPResponseData/body``).
    public var responseFile: String?
    /// For long transfers: abandon the exchange only when no byte moved for this many seconds, with no limit
    /// on its whole duration (the transport's total timeout does not apply).
    public var stallTimeout: TimeInterval?

    /// Creates a request.
    public init(
        method: String, path: String, headers: [HTTPHeader] = [], body: Data? = nil, bodyFile: FileSlice? = nil,
        responseFile: String? = nil, stallTimeout: TimeInterval? = nil
    ) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.bodyFile = bodyFile
        self.responseFile = responseFile
        self.stallTimeout = stallTimeout
    }
}

/// Part of a file, sent as a request body.
public struct FileSlice: Sendable, Hashable {
    /// The file's path.
    public var path: String
    /// Where the part starts, in bytes.
    public var offset: Int64
    /// How many bytes it holds.
    public var length: Int64

    /// Creates a slice.
    public init(path: String, offset: Int64, length: Int64) {
        self.path = path
        self.offset = offset
        self.length = length
    }
}

/// One header field.
public struct HTTPHeader: Sendable, Hashable {
    /// Field name.
    public var name: String
    /// Field value.
    public var value: String

    /// Creates a header field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One HTTP response as the transport received it.
public struct HTTPResponseData: Sendable, Hashable {
    /// Status code.
    public var status: Int
    /// Header fields with lower-cased names.
    public var headers: [String: String]
    /// Body bytes (already decompressed).
    public var body: Data
    /// Bytes the exchange carried over the network both ways, headers included (0 when not measured).
    public var bytesOnWire: Int

    /// Creates a response.
    public init(status: Int, headers: [String: String], body: Data, bytesOnWire: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bytesOnWire = bytesOnWire
    }
}

/// Why a request did not produce the expected answer.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached or the exchange broke off (connection refused, timeout, reset).
    /// Safe to retry: the request may or may not have been processed.
    case network(String)
    /// The server answered with an error status; `problem` is its problem+json body when it sent one.
    case http(status: Int, problem: Problem?, retryAfter: TimeInterval?)
    /// The server answered 2xx but the body was not what the protocol says.
    case malformedResponse(String)

    /// A one-line message for people.
    public var description: String {
        switch self {
        case .network(let detail): "The server could not be reached (\(detail))."
        case .http(let status, let problem, _): problem.map { "\($0.title): \($0.detail)" } ?? "The server answered \(status)."
        case .malformedResponse(let detail): "The server's answer could not be read (\(detail))."
        }
    }

    /// Whether trying again later may succeed: network failures, 408, 429 and 5xx.
    public var isRetryable: Bool {
        switch self {
        case .network: true
        case .http(let status, _, _): status == 408 || status == 429 || status >= 500
        case .malformedResponse: false
        }
    }

    /// The HTTP status of an error answer, `nil` for other failures.
    public var status: Int? {
        if case .http(let status, _, _) = self { return status }
        return nil
    }

    /// How long the server asked us to wait, if it did.
    public var retryAfter: TimeInterval? {
        if case .http(_, _, let seconds) = self { return seconds }
        return nil
    }
}

/// Sends HTTP requests to one server. The libcurl implementation is ``CurlTransport``; tests use
/// in-memory implementations.
public protocol HTTPTransport: Sendable {
    /// Sends a request and returns the response, whatever its status; throws ``TransportError/network(_:)``
    /// when no response arrived.
    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData
}
