import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import SatchelShared

/// Turns every error into a problem+json response, so no client ever sees an HTML page,
/// a bare status, or an internal detail.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The registered routes' methods: a known path asked for with another method is a 405.
    var routes: RouteMethods?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let problem = apiError(for: error, request: request, context: context)
            // The request log writes the problem type (and an internal error's detail) once, on its line.
            (context as? any ObservedRequestContext)?.observation.problemType = problem.problem.type
            return problem.response()
        }
    }

    /// The problem answering `error`.
    private func apiError(for error: any Error, request: Request, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as StoreError:
            return Self.apiError(for: error)
        case let busy as HashingSlots.Busy:
            return APIError(
                .serviceUnavailable, type: "/problems/busy", title: "Busy",
                detail: "The server is checking too many passwords right now; try again in \(busy.retryAfterSeconds) seconds.",
                headers: [.retryAfter: String(busy.retryAfterSeconds)])
        case let error as any HTTPResponseError:
            if error.status == .notFound, let allowed = routes?.allowed(forPath: request.uri.path), !allowed.isEmpty {
                return APIError(
                    .methodNotAllowed, type: "about:blank", title: "Method not allowed",
                    detail: "\(request.uri.path) accepts \(allowed.joined(separator: ", ")), not \(request.method.rawValue).",
                    headers: [.allow: allowed.joined(separator: ", ")])
            }
            return Self.apiError(status: error.status, path: request.uri.path)
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
            if let observed = context as? any ObservedRequestContext {
                observed.observation.internalError = String(reflecting: error)
            } else {
                context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            }
            return APIError(
                .internalServerError, type: "/problems/internal", title: "Internal server error",
                detail: "The server could not complete the request; it has been logged.")
        }
    }

    static func apiError(for error: StoreError) -> APIError {
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
        }
    }

    static func apiError(status: HTTPResponse.Status, path: String) -> APIError {
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
}
