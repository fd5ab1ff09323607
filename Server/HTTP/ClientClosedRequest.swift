import Foundation
import Hummingbird
import NIOCore

/// A request whose client closed the connection before the answer: logged at `info` and counted as
/// status 499 ("client closed request", the convention nginx set), never as a server error, so that no
/// one can trip 5xx alerts by hanging up mid-upload.
enum ClientClosedRequest {
    /// The status such a request is logged and counted with.
    static let status = HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")

    /// The answer nobody will read, kept for the log and the metrics.
    static let problem = APIError(
        status, type: "/problems/client-closed-request", title: "Client closed request",
        detail: "The client closed the connection before the request was answered.")

    /// Whether `error` comes from the client going away: a reset or broken connection, I/O on a closed
    /// channel, or any error once the request's connection is no longer open.
    static func matches(_ error: any Error, context: some RequestContext) -> Bool {
        if let error = error as? IOError, [ECONNRESET, EPIPE, ECONNABORTED].contains(error.errnoCode) { return true }
        if let error = error as? ChannelError {
            switch error {
            case .ioOnClosedChannel, .alreadyClosed, .outputClosed: return true
            default: break
            }
        }
        if let context = context as? SatchelRequestContext, !context.channel.isActive { return true }
        return false
    }
}
