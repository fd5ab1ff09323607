import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request body does not arrive in time, so that clients trickling a body
/// byte by byte cannot hold connections open for minutes. (Headers are bounded by the server's idle
/// timeout: no request part is read, and the connection counts as idle, until the head is complete.)
///
/// The clock starts at a request's head and stops at its end; a response being written, a long-poll
/// being held or an idle keep-alive connection are none of its business.
final class RequestReadTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    /// Creates a handler allowing `timeout` between a request's head and its end.
    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            let channel = context.channel
            deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        case .body:
            break
        case .end:
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}
