import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle
import SatchelShared

/// `GET /v1/sync/events`: a `text/event-stream` of "feed moved to version V" events for the signed-in
/// user's own feed, so a client (a browser's `EventSource`, say) knows when to pull.
///
/// ```text
/// retry: 2000
///
/// id: 42
/// event: feed
/// data: {"version":42}
///
/// : heartbeat
/// ```
///
/// The first event tells the feed's version at once (or, with `Last-Event-ID`, only when the feed has
/// moved past it); then one event per commit (commits close together may share one event naming the
/// latest version); a comment line every heartbeat. The token is checked again at every event and
/// heartbeat: once it is revoked or expired the stream sends a `revoked` event and ends.
struct FeedEventStream {
    /// What a client should wait before reconnecting, in milliseconds.
    static let retryMilliseconds = 2_000

    let dependencies: ServerDependencies

    /// The streaming response for `user`, who signed in with the token whose hash is `tokenHash`. The
    /// stream holds `slot` until it ends (or, when its body never runs, until the response is dropped).
    func response(
        user: User, tokenHash: String, lastEventId: Int?, slot: LiveClientSlot, channel: any Channel
    ) -> Response {
        let headers: HTTPFields = [
            .contentType: "text/event-stream", .cacheControl: "no-store",
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody { [self] writer in
            defer { slot.release() }
            try await stream(to: &writer, user: user, tokenHash: tokenHash, lastEventId: lastEventId, channel: channel)
            try await writer.finish(nil)
        })
    }

    private func stream(
        to writer: inout any ResponseBodyWriter, user: User, tokenHash: String, lastEventId: Int?, channel: any Channel
    ) async throws {
        let notifier = dependencies.liveFeed
        await ClientDisconnectWatch.install(on: channel)
        defer { ClientDisconnectWatch.stop(channel) }
        try await writer.write(ByteBuffer(string: "retry: \(Self.retryMilliseconds)\n\n"))
        var sent = lastEventId
        while true {
            guard let ticket = notifier.register(userId: user.id) else { return }
            let version: Int
            do {
                guard try await tokenIsValid(tokenHash) else {
                    notifier.release(ticket)
                    try await writer.write(ByteBuffer(string: "event: revoked\ndata: {}\n\n"))
                    return
                }
                version = try await SyncService(dependencies: dependencies).feedVersion(user: user)
                if version > (sent ?? -1) {
                    try await writer.write(ByteBuffer(string: Self.event(version: version)))
                    sent = version
                }
            } catch {
                notifier.release(ticket)
                throw error
            }
            ClientDisconnectWatch.watch(channel) { notifier.wake(ticket, .disconnected) }
            let wake = await withGracefulShutdownHandler {
                await notifier.wait(ticket, timeout: notifier.heartbeat)
            } onGracefulShutdown: {
                notifier.shutDown()
            }
            switch wake {
            case .feedMoved:
                continue
            case .timedOut:
                try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
            case .shuttingDown, .disconnected, .cancelled:
                return
            }
        }
    }

    /// One "feed moved" event.
    static func event(version: Int) -> String {
        "id: \(version)\nevent: feed\ndata: {\"version\":\(version)}\n\n"
    }

    private func tokenIsValid(_ tokenHash: String) async throws -> Bool {
        try await dependencies.accounts.user(forTokenHash: tokenHash, now: dependencies.clock()) != nil
    }
}
