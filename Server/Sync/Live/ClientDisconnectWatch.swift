import NIOCore

/// Tells a waiting request when its client goes away.
///
/// Hummingbird lets a client half-close its connection and does not cancel the handler of a request
/// still being answered, so a long-poll whose client hung up would otherwise wait out its full time.
/// A small handler at the front of the connection's pipeline (added once per connection, on its event
/// loop) sees the end of input or the connection closing and calls the current waiter's callback.
enum ClientDisconnectWatch {
    /// Puts the watcher on `channel` now, before the request starts waiting, so that a client hanging up
    /// from then on is noticed even before ``watch(_:onGone:)`` names who to tell.
    static func install(on channel: any Channel) async {
        try? await channel.eventLoop.submit { _ = handler(on: channel) }.get()
    }

    /// Calls `onGone` once when the client closes its side of `channel` (at once if it already has),
    /// replacing the callback of an earlier ``watch(_:onGone:)`` on the same connection.
    static func watch(_ channel: any Channel, onGone: @escaping @Sendable () -> Void) {
        channel.eventLoop.execute {
            guard let handler = handler(on: channel) else { return onGone() }
            if handler.isGone {
                onGone()
            } else {
                handler.onGone = onGone
            }
        }
    }

    /// Drops the callback: the request was answered.
    static func stop(_ channel: any Channel) {
        channel.eventLoop.execute {
            (try? channel.pipeline.syncOperations.handler(type: ClientGoneHandler.self))?.onGone = nil
        }
    }

    /// The connection's watcher, added on first use; `nil` when the connection is already closed.
    private static func handler(on channel: any Channel) -> ClientGoneHandler? {
        let pipeline = channel.pipeline.syncOperations
        if let existing = try? pipeline.handler(type: ClientGoneHandler.self) { return existing }
        guard channel.isActive else { return nil }
        let handler = ClientGoneHandler()
        do {
            try pipeline.addHandler(handler, position: .first)
        } catch {
            return nil
        }
        return handler
    }
}

/// Passes everything through; notes when input ends or the connection closes. Used on its event loop only.
final class ClientGoneHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    /// Whether the client has gone.
    var isGone = false
    /// Who to tell, once.
    var onGone: (@Sendable () -> Void)?

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { gone() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        gone()
        context.fireChannelInactive()
    }

    private func gone() {
        isGone = true
        let callback = onGone
        onGone = nil
        callback?()
    }
}
