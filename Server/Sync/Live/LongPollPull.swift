import Foundation
import Hummingbird
import NIOCore
import SatchelHTTP
import ServiceLifecycle
import SatchelShared

/// `GET /v1/sync/pull?wait=N`: a pull that, when the feed has nothing after the cursor, holds the
/// request until the user's feed moves or `N` seconds pass. The answer is always an ordinary pull page,
/// so nothing is skipped or sent twice; on timeout it is the empty page with the same cursor.
struct LongPollPull {
    /// The longest wait a client may ask for, in seconds.
    static let maxWaitSeconds: Double = 60

    let service: SyncService
    let notifier: LiveFeedNotifier

    /// Reads `wait` from the query: `nil` when absent; a 400 problem unless it is a number of seconds from 0 to 60.
    static func waitParameter(_ request: Request) throws -> Duration? {
        guard let text = request.uri.queryParameters["wait"] else { return nil }
        guard let seconds = Double(String(text)), seconds.isFinite, (0...maxWaitSeconds).contains(seconds) else {
            throw APIError.badParameter("wait", "must be a number of seconds from 0 to \(Int(maxWaitSeconds)).")
        }
        return .seconds(interval: seconds)
    }

    /// The page to answer with, after waiting for a change when there is none yet.
    ///
    /// The waiter registers before each read, so a commit between the read and the wait still wakes it;
    /// a wake whose re-read finds nothing (another process's commit of a different page, a reconnect)
    /// waits again for the time left.
    func page(user: User, cursor: String?, limit: Int, wait: Duration, channel: any Channel) async throws -> Data {
        let deadline = ContinuousClock.now + wait
        await ClientDisconnectWatch.install(on: channel)
        defer { ClientDisconnectWatch.stop(channel) }
        while true {
            let ticket = notifier.register(userId: user.id)
            let page: EncodedPullPage
            do {
                page = try await service.pull(user: user, cursor: cursor, limit: limit)
            } catch {
                if let ticket { notifier.release(ticket) }
                throw error
            }
            let remaining = deadline - ContinuousClock.now
            guard let ticket, page.isEmpty, remaining > .zero else {
                if let ticket { notifier.release(ticket) }
                return page.body
            }
            ClientDisconnectWatch.watch(channel) { [notifier] in notifier.wake(ticket, .disconnected) }
            let wake = await withGracefulShutdownHandler {
                await notifier.wait(ticket, timeout: remaining)
            } onGracefulShutdown: { [notifier] in
                notifier.shutDown()
            }
            switch wake {
            case .feedMoved:
                continue
            case .shuttingDown:
                // Answer now with whatever the feed holds, rather than be cut off.
                return try await service.pull(user: user, cursor: cursor, limit: limit).body
            case .timedOut, .disconnected, .cancelled:
                return page.body
            }
        }
    }
}
