import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import SatchelShared
import SatchelStores

/// The one mapping from an error to the problem that answers it, for API clients (problem+json, by
/// ``ProblemMiddleware``) and for browsers (an HTML page, by `WebErrorMiddleware`) alike. Only the
/// wording of a missing page and of an internal error differs between the two.
///
/// An unexpected error, and stored data that cannot be read back, are a 500 whose detail goes to the
/// request's log line (with its request id, at level error) and whose status is counted with the 5xx
/// in the metrics; the client sees no detail.
public enum ErrorMapping {
    /// Who reads the answer.
    public enum Audience: Sendable {
        /// An API client: problem+json.
        case api
        /// A browser: an HTML page.
        case page
    }

    /// The problem answering `error` on `request`; `routes` turns a known path asked for with another
    /// method into a 405.
    public static func problem(
        for error: any Error, request: Request, context: some RequestContext, routes: RouteMethods?, audience: Audience
    ) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as StoreError:
            return problem(for: error, context: context, audience: audience)
        case let error as any ProblemConvertible:
            return error.problem
        case let error as any HTTPResponseError:
            if error.status == .notFound, let allowed = routes?.allowed(forPath: request.uri.path), !allowed.isEmpty {
                let accepts = allowed.joined(separator: ", ")
                let place = audience == .page ? "This address" : request.uri.path
                return APIError(
                    .methodNotAllowed, type: "about:blank", title: "Method not allowed",
                    detail: "\(place) accepts \(accepts), not \(request.method.rawValue).", headers: [.allow: accepts])
            }
            if error.status == .notFound, audience == .page {
                return APIError(
                    .notFound, type: "/problems/not-found", title: "Page not found",
                    detail: "There is no page at this address. It may have moved, or never existed.")
            }
            return problem(status: error.status, path: request.uri.path)
        case let error as HTTPParserError:
            // The request itself was broken on the wire (a body shorter than its Content-Length, say).
            return APIError(
                .badRequest, type: "/problems/malformed-request", title: "Malformed request",
                detail: "The request could not be read: \(error.debugDescription).")
        case let error as ChannelError where error == .eof || error == .inputClosed:
            return APIError(
                .badRequest, type: "/problems/malformed-request", title: "Malformed request",
                detail: "The connection ended before the request was complete.")
        case let error where ClientClosedRequest.matches(error, context: context):
            // The client hung up (a reset mid-upload, say): its doing, not the server's. Nobody reads the
            // answer; its status keeps it out of the 5xx counts and the error log.
            return ClientClosedRequest.problem
        default:
            return internalError(String(reflecting: error), context: context, audience: audience)
        }
    }

    /// The problem answering a store's error: a corrupt row is an internal error, a failing database a 503.
    static func problem(for error: StoreError, context: some RequestContext, audience: Audience) -> APIError {
        switch error {
        case .duplicate(let field):
            .conflict(error.description, field: field)
        case .versionMismatch:
            .preconditionFailed(error.description)
        case .missingReference(let field):
            .validation([FieldError(field: field, message: error.description)])
        case .lastAdmin:
            APIError(.conflict, type: "/problems/last-admin", title: "Last admin", detail: error.description)
        case .unavailable:
            APIError(
                .serviceUnavailable, type: "/problems/unavailable", title: "Service unavailable",
                detail: error.description, headers: [.retryAfter: "1"])
        case .corrupt(let what):
            internalError("corrupt stored data: \(what)", context: context, audience: audience)
        }
    }

    /// The problem answering a bare status from the framework (404, 413 …).
    static func problem(status: HTTPResponse.Status, path: String) -> APIError {
        switch status {
        case .notFound:
            APIError(
                .notFound, type: "/problems/not-found", title: "Not found",
                detail: "No route matches \(path); see /openapi.json for the API.")
        case .contentTooLarge:
            APIError(
                .contentTooLarge, type: "/problems/too-large", title: "Request body too large",
                detail: "Request bodies are limited to \(RequestLimits.maxBodyBytes) bytes "
                    + "(\(RequestLimits.maxPostBodyBytes) bytes to write a post, "
                    + "\(SyncLimits.maxPushBytes) bytes for /v1/sync/push).")
        default:
            APIError(status, type: "about:blank", title: status.reasonPhrase, detail: status.reasonPhrase)
        }
    }

    /// A 500 whose `detail` goes to the request's log line (or, outside an observed request, straight to
    /// the log), never to the client.
    private static func internalError(_ detail: String, context: some RequestContext, audience: Audience) -> APIError {
        if let observed = context as? any ObservedRequestContext {
            observed.observation.internalError = detail
        } else {
            context.logger.error("Unhandled error", metadata: ["error": "\(detail)"])
        }
        switch audience {
        case .api:
            return APIError(
                .internalServerError, type: "/problems/internal", title: "Internal server error",
                detail: "The server could not complete the request; it has been logged.")
        case .page:
            return APIError(
                .internalServerError, type: "/problems/internal", title: "Something went wrong",
                detail: "The server could not show this page; the error has been logged.")
        }
    }
}
