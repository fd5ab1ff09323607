import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request body does not arrive in time, so that clients trickling a body
/// byte by byte cannot hold connections open for minutes. (Headers are bounded by the server's idle
/// timeout: no request part is read, and the connection counts as idle, until the head is complete.)
///
/// The clock starts at a request's head and stops at its end; a response being written, a long-poll
/// being held or an idle keep-alive connection are none of its business.
///
/// Blob uploads (`PUT /v1/blobs/…`, `PATCH /v1/blobs/uploads/…`) may take as long as their bytes keep
/// coming: for them the clock is a stall timer, started again by every part of the body, so a 256 MiB
/// upload over a slow link goes through while one that stops sending is still cut. A blob upload refused
/// before its body ended (too large, past the quota) has its connection closed once the refusal is
/// written: the rest of its body is never read (the server would otherwise drain it to its end, which a
/// client sending gigabytes of zeros never reaches).
public final class RequestReadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    /// Request parts, read and passed on.
    public typealias InboundIn = HTTPRequestPart
    /// Request parts, as they came.
    public typealias InboundOut = HTTPRequestPart
    /// Response parts, watched for a refused upload.
    public typealias OutboundIn = HTTPResponsePart
    /// Response parts, as they came.
    public typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private let stallTimeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// Whether the current request is a blob upload, timed by stalls rather than in total.
    private var streaming = false
    /// Whether the current request's body has not ended yet.
    private var bodyOpen = false
    /// Whether the response being written is an error.
    private var refusing = false

    /// Creates a handler allowing `timeout` between a request's head and its end, and `stallTimeout`
    /// between two parts of a blob upload's body.
    public init(timeout: TimeAmount, stallTimeout: TimeAmount) {
        self.timeout = timeout
        self.stallTimeout = stallTimeout
    }

    /// Whether a request is a blob upload, whose body streams for as long as it keeps arriving.
    static func isBlobUpload(_ head: HTTPRequest) -> Bool {
        let path = head.path ?? ""
        return (head.method == .put && path.hasPrefix("/v1/blobs/"))
            || (head.method == .patch && path.hasPrefix("/v1/blobs/uploads/"))
    }

    private func arm(context: ChannelHandlerContext, in amount: TimeAmount) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: amount) { channel.close(promise: nil) }
    }

    /// Starts the clock at a request's head, restarts it for an upload's body part, stops it at the end.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            streaming = Self.isBlobUpload(head)
            bodyOpen = true
            arm(context: context, in: streaming ? stallTimeout : timeout)
        case .body:
            if streaming { arm(context: context, in: stallTimeout) }
        case .end:
            bodyOpen = false
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    /// Closes the connection once the refusal of an upload whose body is still coming is written.
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            refusing = head.status.code >= 400
        case .end where streaming && bodyOpen && refusing:
            let written = promise ?? context.eventLoop.makePromise()
            let channel = context.channel
            written.futureResult.whenComplete { _ in channel.close(promise: nil) }
            context.write(data, promise: written)
            return
        default:
            break
        }
        context.write(data, promise: promise)
    }

    /// Stops the clock of a connection that closed.
    public func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    /// Stops the clock of a handler taken out of the pipeline.
    public func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}
