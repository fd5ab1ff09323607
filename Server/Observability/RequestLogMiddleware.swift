import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SatchelHTTP
import SatchelShared

/// Writes one structured line per request and gives every request an id.
///
/// The id comes from the client's `X-Request-Id` when it is a sensible token (1–128 characters of
/// letters, digits and `-_.:`), else it is generated; either way the response carries it back. The line
/// holds the request id, method, route template, status, duration, response bytes, the signed-in user's
/// id, and for an error the problem type — never the raw path or query, a header, or a body, so no
/// token, password or email can reach the log. Lines are written at `info`, a 5xx at `error` with the
/// internal error's description.
struct RequestLogMiddleware<Context: RequestContext & ObservedRequestContext>: RouterMiddleware {
    /// The logger request lines go to (its level decides whether they are written).
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        let id = Self.requestId(from: request.headers[.requestId]) ?? context.id
        var response = try await next(request, context)
        response.headers[.requestId] = id
        let level: Logger.Level = response.status.code >= 500 ? .error : .info
        guard logger.logLevel <= level else { return response }
        let elapsed = ContinuousClock.now - start
        let observation = context.observation
        var metadata: Logger.Metadata = [
            "request_id": .string(id),
            "method": .string(request.method.rawValue),
            "route": .string(RouteLabel.of(context)),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .string(ServerTimingMiddleware<Context>.format(elapsed.inMilliseconds)),
            "bytes": .stringConvertible(response.body.contentLength ?? 0),
        ]
        if let userId = observation.userId { metadata["user_id"] = .string(userId.uuidString.lowercased()) }
        if let problem = observation.problemType { metadata["problem"] = .string(problem) }
        if let error = observation.internalError { metadata["error"] = .string(error) }
        logger.log(level: level, "request", metadata: metadata)
        return response
    }

    /// The client's request id when it is safe to echo and log, else `nil`.
    static func requestId(from header: String?) -> String? {
        guard let header, (1...128).contains(header.utf8.count) else { return nil }
        let allowed = header.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A
        }
        return allowed ? header : nil
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`: the request's id, echoed in the response and written on its log line.
    static let requestId = Self("X-Request-Id")!
}
