import Foundation
import SatchelHTTP

extension LiveClientSlots {
    /// Takes a slot for a live client of `userId`, or throws the problem that tells the client when to
    /// come back: 429 when its account holds too many, 503 when the server is full or shutting down.
    func admitOrThrow(userId: UUID) throws -> LiveClientSlot {
        switch admit(userId: userId) {
        case .admitted(let slot):
            return slot
        case .refused(.accountFull(let limit)):
            throw APIError.tooManyRequests(
                retryAfter: retryAfterSeconds,
                detail: "This account already has \(limit) live-sync clients waiting (long-polls and event streams); "
                    + "close one or try again in \(retryAfterSeconds) seconds.")
        case .refused(.serverFull), .refused(.shuttingDown):
            throw APIError(
                .serviceUnavailable, type: "/problems/live-sync-full", title: "Live sync is full",
                detail: "The server holds as many live-sync clients as it can; pull without waiting, "
                    + "or try again in \(retryAfterSeconds) seconds.",
                headers: [.retryAfter: String(retryAfterSeconds)])
        }
    }
}
