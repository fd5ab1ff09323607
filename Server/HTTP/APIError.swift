import Foundation
import Hummingbird
import SatchelShared

/// An error that renders itself as an RFC 9457 problem+json response.
public struct APIError: Error, HTTPResponseError, Sendable {
    /// The problem document sent as the body.
    public var problem: Problem
    /// Extra headers, such as `Retry-After`.
    public var headers: HTTPFields

    /// The HTTP status of the response.
    public var status: HTTPResponse.Status { .init(code: problem.status) }

    /// Creates an error from its parts.
    public init(_ status: HTTPResponse.Status, type: String, title: String, detail: String,
                errors: [FieldError]? = nil, headers: HTTPFields = [:]) {
        self.problem = Problem(type: type, title: title, status: status.code, detail: detail, errors: errors)
        self.headers = headers
    }

    /// Renders the problem document.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// Renders the problem document without a request at hand.
    public func response() -> Response {
        var headers = self.headers
        headers[.contentType] = Problem.mediaType
        let data = (try? SatchelJSON.encoder().encode(problem)) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension APIError {
    /// 400 or 422: the request is well-formed JSON but some fields are invalid.
    public static func validation(_ errors: [FieldError]) -> APIError {
        let names = errors.map(\.field).joined(separator: ", ")
        return APIError(
            .unprocessableContent, type: "/problems/validation", title: "Invalid request",
            detail: "Some fields are invalid: \(names).", errors: errors)
    }

    /// 400: one invalid query parameter or path segment.
    public static func badParameter(_ field: String, _ message: String) -> APIError {
        APIError(
            .badRequest, type: "/problems/invalid-parameter", title: "Invalid parameter",
            detail: "\(field): \(message)", errors: [FieldError(field: field, message: message)])
    }

    /// 400: the body is not the JSON this route expects.
    public static func malformedBody(_ detail: String, field: String? = nil) -> APIError {
        APIError(
            .badRequest, type: "/problems/malformed-body", title: "Malformed request body", detail: detail,
            errors: field.map { [FieldError(field: $0, message: detail)] })
    }

    /// 404: the thing named does not exist (or is not visible to the caller).
    public static func notFound(_ what: String) -> APIError {
        APIError(.notFound, type: "/problems/not-found", title: "Not found", detail: "\(what) was not found.")
    }

    /// 401: no valid credentials.
    public static func unauthorized(_ detail: String) -> APIError {
        APIError(
            .unauthorized, type: "/problems/unauthorized", title: "Authentication required", detail: detail,
            headers: [.wwwAuthenticate: "Bearer"])
    }

    /// 403: authenticated, but not allowed.
    public static func forbidden(_ detail: String) -> APIError {
        APIError(.forbidden, type: "/problems/forbidden", title: "Forbidden", detail: detail)
    }

    /// 409: the request conflicts with stored state.
    public static func conflict(_ detail: String, field: String? = nil) -> APIError {
        APIError(
            .conflict, type: "/problems/conflict", title: "Conflict", detail: detail,
            errors: field.map { [FieldError(field: $0, message: detail)] })
    }

    /// 415: the body is not sent as JSON.
    public static func unsupportedMediaType(_ detail: String) -> APIError {
        APIError(
            .unsupportedMediaType, type: "/problems/unsupported-media-type", title: "Unsupported media type",
            detail: detail, headers: [.accept: "application/json"])
    }

    /// 412: `If-Match` named a version that is no longer current.
    public static func preconditionFailed(_ detail: String) -> APIError {
        APIError(.preconditionFailed, type: "/problems/precondition-failed", title: "Precondition failed", detail: detail)
    }

    /// 429: slow down; `Retry-After` says for how many seconds.
    public static func tooManyRequests(retryAfter seconds: Int, detail: String? = nil) -> APIError {
        APIError(
            .tooManyRequests, type: "/problems/rate-limited", title: "Too many requests",
            detail: detail ?? "Too many requests from this client; try again in \(seconds) seconds.",
            headers: [.retryAfter: String(seconds)])
    }
}
